{#-
    Put `intermediate` in the place of `existing` (none on a first build), in one PL/pgSQL
    block of the caller's transaction:

    1. lock the current version (ACCESS EXCLUSIVE) and read the views that depend on it,
       with their definitions (every name qualified) and options;
    2. rename the current version to `backup` and the new table to the mart's name;
    3. point every such view at the new table (CREATE OR REPLACE VIEW with its own text: its
       OID, owner, grants, comments and the views built on it stay as they are);
    4. drop the old version, RESTRICT: if anything still depends on it, fail naming it.

    A dependent that cannot be kept (a materialized view, a view the build user may not
    replace, a view whose columns the new version no longer has) fails the model with its
    name, and the old version stays in place. Nothing is dropped with CASCADE.

    Readers never queue behind the build: each attempt waits at most `swap_lock_timeout`
    (var, default 200ms) for a lock, then gives up (the attempt rolls back, readers go on),
    sleeps a little and tries again, up to `swap_max_wait_seconds` (var, default 600). The
    block restores the caller's lock_timeout when it is done, so the rest of the
    transaction runs with the session's own setting.
-#}
{% macro swap_relation_sql(existing, intermediate, target, backup) -%}
    {%- set timeout = var('swap_lock_timeout', '200ms') -%}
    {%- set max_wait = var('swap_max_wait_seconds', 600) | float -%}
    {%- set target_name = target.render() | replace("'", "''") -%}
    do $runner_swap$
    declare
        started timestamptz := clock_timestamp();
        saved_timeout text := current_setting('lock_timeout');
        saved_path text := current_setting('search_path');
        dependent record;
        view_names text [];
        view_sql text [];
        detail text;
    begin
        loop
            begin
                perform set_config('lock_timeout', '{{ timeout }}', true);
                view_names := '{}';
                view_sql := '{}';
                {%- if existing is not none %}
                lock table {{ existing }} in access exclusive mode;
                -- qualified names in the definitions: read them with an empty search path
                perform set_config('search_path', 'pg_catalog', true);
                for dependent in
                    select distinct
                        views.oid::regclass::text as view_name,
                        views.relkind,
                        pg_get_viewdef(views.oid) as definition,
                        coalesce(' with (' || array_to_string(views.reloptions, ', ') || ')', '') as options
                    from pg_depend as deps
                    inner join pg_rewrite as rules on deps.objid = rules.oid
                    inner join pg_class as views on rules.ev_class = views.oid
                    where deps.classid = 'pg_rewrite'::regclass
                        and deps.refclassid = 'pg_class'::regclass
                        and deps.refobjid = '{{ existing }}'::regclass
                        and views.oid <> deps.refobjid
                    order by 1
                loop
                    if dependent.relkind <> 'v' then
                        raise exception 'cannot rebuild %: the materialized view % reads it (drop it, build, then create it again)',
                            '{{ target_name }}', dependent.view_name;
                    end if;
                    view_names := view_names || dependent.view_name;
                    view_sql := view_sql || format(
                        'create or replace view %s%s as %s', dependent.view_name, dependent.options, dependent.definition
                    );
                end loop;
                perform set_config('search_path', saved_path, true);
                alter table {{ existing }} rename to {{ adapter.quote(backup.identifier) }};
                {%- endif %}
                alter table {{ intermediate }} rename to {{ adapter.quote(target.identifier) }};
                for i in 1 .. coalesce(array_length(view_names, 1), 0) loop
                    begin
                        execute view_sql[i];
                    exception
                        when lock_not_available then raise;
                        when others then
                            raise exception 'cannot rebuild % without breaking the view % that reads it: % (change or drop that view, then build again)',
                                '{{ target_name }}', view_names[i], sqlerrm;
                    end;
                end loop;
                {%- if existing is not none %}
                begin
                    drop {{ 'view' if existing.type == 'view' else 'table' }} {{ backup }} restrict;
                exception when dependent_objects_still_exist then
                    get stacked diagnostics detail = pg_exception_detail;
                    raise exception 'cannot rebuild %: other objects depend on it (%): change or drop them, then build again',
                        '{{ target_name }}', replace(detail, E'\n', '; ');
                end;
                {%- endif %}
                exit;
            exception when lock_not_available then
                if clock_timestamp() - started > make_interval(secs => {{ max_wait }}) then
                    raise exception 'could not swap in the new version of % within % seconds: readers kept it busy',
                        '{{ target_name }}', {{ max_wait }};
                end if;
                perform pg_sleep(0.05 + random() * 0.1);
            end;
        end loop;
        perform set_config('lock_timeout', saved_timeout, true);
    end
    $runner_swap$
{%- endmacro %}

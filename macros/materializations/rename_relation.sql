{#-
    Rename a relation without letting BI readers queue behind the build.

    ALTER TABLE ... RENAME needs an ACCESS EXCLUSIVE lock. Waiting for it would put every
    new reader of the mart in a queue behind the build until the slowest running query
    ends. Instead each attempt waits at most `swap_lock_timeout` (var, default 200ms): if
    the lock is not free by then the attempt gives up (readers go on), sleeps a little and
    tries again, up to `swap_max_wait_seconds` (var, default 600) in all. A reader therefore
    waits at most one lock timeout. Used by every materialization that swaps relations.
-#}
{% macro postgres__rename_relation(from_relation, to_relation) -%}
    {%- set target_name = adapter.quote_as_configured(to_relation.identifier, 'identifier') -%}
    {%- set timeout = var('swap_lock_timeout', '200ms') -%}
    {%- set max_wait = var('swap_max_wait_seconds', 600) | float -%}
    {% call statement('rename_relation') -%}
        do $runner_rename$
        declare
            started timestamptz := clock_timestamp();
        begin
            loop
                begin
                    perform set_config('lock_timeout', '{{ timeout }}', true);
                    alter table {{ from_relation.render() }} rename to {{ target_name }};
                    exit;
                exception when lock_not_available then
                    if clock_timestamp() - started > make_interval(secs => {{ max_wait }}) then
                        raise exception 'could not rename % within % seconds: readers kept it busy',
                            '{{ from_relation.render() | replace("'", "''") }}', {{ max_wait }};
                    end if;
                    perform pg_sleep(0.05 + random() * 0.1);
                end;
            end loop;
        end
        $runner_rename$
    {%- endcall %}
{%- endmacro %}

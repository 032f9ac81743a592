{#-
    The BI roles: `bi_reader` may read the marts_* schemas and nothing else; `bi_admin` is a
    bi_reader that row-level security lets see every tenant. Both are group roles (NOLOGIN):
    a BI tool logs in as its own user made a member of one of them.

    `ensure_bi_roles()` (on-run-start) creates them when the build's user may create roles;
    where it may not, an administrator creates them once (README, Security) and a build
    without them stops at once with that instruction. The build's user is made a member of
    bi_admin, so that under forced row-level security it still sees every row of the marts
    it builds (its tests, and the org marts' build times, read the previous version). `grant_mart_schemas()`
    (on-run-end) lets bi_reader into the mart schemas; the tables themselves are granted by
    the `grants` config of every mart as it is built.
-#}
{% macro ensure_bi_roles() -%}
    {{ return(adapter.dispatch('ensure_bi_roles')()) }}
{%- endmacro %}

{#- roles exist only on PostgreSQL: elsewhere there is nothing to create -#}
{% macro default__ensure_bi_roles() -%}{%- endmacro %}


{% macro postgres__ensure_bi_roles() -%}
    do $runner_roles$
    begin
        if (select rolcreaterole or rolsuper from pg_roles where rolname = current_user) then
            if not exists (select 1 from pg_roles where rolname = 'bi_reader') then
                create role bi_reader nologin;
            end if;
            if not exists (select 1 from pg_roles where rolname = 'bi_admin') then
                create role bi_admin nologin in role bi_reader;
            end if;
        elsif (select count(*) from pg_roles where rolname in ('bi_reader', 'bi_admin')) < 2 then
            raise exception 'roles bi_reader and bi_admin are missing and % may not create them: '
                'create role bi_reader nologin; create role bi_admin nologin in role bi_reader; '
                'grant bi_admin to %;', current_user, current_user;
        end if;
        if not (select rolsuper from pg_roles where rolname = current_user)
            and not pg_has_role(current_user, 'bi_admin', 'member') then
            execute format('grant bi_admin to %I', current_user);
        end if;
    end
    $runner_roles$
{%- endmacro %}


{% macro grant_mart_schemas() -%}
    {{ return(adapter.dispatch('grant_mart_schemas')()) }}
{%- endmacro %}

{% macro default__grant_mart_schemas() -%}{%- endmacro %}


{% macro postgres__grant_mart_schemas() -%}
    {%- set schemas = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.schema.startswith('marts_') and node.schema not in schemas -%}
                {%- do schemas.append(node.schema) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    do $runner_grant$
    begin
        {%- for schema in schemas | sort %}
        if exists (select 1 from pg_namespace where nspname = '{{ schema }}') then
            grant usage on schema {{ adapter.quote(schema) }} to bi_reader;
        end if;
        {%- endfor %}
        null;
    end
    $runner_grant$
{%- endmacro %}

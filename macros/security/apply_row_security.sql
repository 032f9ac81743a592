{#-
    Row-level security for a mart that holds rows of several tenants, on the relation being
    built (before it is swapped in, so no reader ever sees it without its policies).

    A model opts in with `meta: {tenant_column: org_id}` (or `affiliate_id`; folder defaults
    in dbt_project.yml). A reader sees the rows whose tenant is granted to its login or to a
    role its login belongs to (tenant_access.granted_tenants, filled by `runner access grant`),
    evaluated once per query; a login with no grant sees no rows. Members of `bi_admin` see
    and write every row. FORCE makes the policies bind the table's owner too.
-#}
{% macro apply_row_security(relation) -%}
    {{ return(adapter.dispatch('apply_row_security')(relation)) }}
{%- endmacro %}


{#- an engine without row-level security builds a tenant mart only where the target says that
    nobody but its owner reads it (`tenant_isolation: none`: a local, single-user file) -#}
{% macro default__apply_row_security(relation) -%}
    {%- set column = (config.get('meta') or {}).get('tenant_column') -%}
    {%- if column and var('tenant_isolation', 'enforced') != 'none' -%}
        {{ exceptions.raise_compiler_error(
            model.name ~ " holds rows of several tenants (" ~ column ~ ") and " ~ target.type
            ~ " has no row-level security: build it on PostgreSQL, or set `tenant_isolation: none` on target '"
            ~ target.name ~ "' (var tenant_isolation) if only its owner reads it") }}
    {%- endif -%}
{%- endmacro %}


{% macro postgres__apply_row_security(relation) -%}
    {%- set column = (config.get('meta') or {}).get('tenant_column') -%}
    {%- if column -%}
        {%- set kinds = tenant_kinds() -%}
        {%- if column not in kinds -%}
            {{ exceptions.raise_compiler_error(
                "meta.tenant_column of " ~ model.name ~ " is '" ~ column ~ "'; a tenant column is one of: "
                ~ (kinds.keys() | join(', '))) }}
        {%- endif -%}
        {%- if column not in model.columns -%}
            {{ exceptions.raise_compiler_error(
                model.name ~ " names tenant_column " ~ column ~ " but its contract has no such column") }}
        {%- endif -%}
        {%- set tenant = kinds[column] -%}
        {% call statement('row_security') -%}
            alter table {{ relation }} enable row level security;
            alter table {{ relation }} force row level security;
            create policy tenant_rows on {{ relation }} for select
            using (
                {{ adapter.quote(column) }} = any(
                    (select tenant_access.granted_tenants('{{ tenant.kind }}', current_user))::{{ tenant.type }} []
                )
            );
            create policy bi_admin_all on {{ relation }} to bi_admin using (true) with check (true);
        {%- endcall %}
    {%- endif -%}
{%- endmacro %}

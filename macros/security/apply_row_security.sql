{#-
    Row-level security for a multi-tenant mart, on the relation being built (before it is
    swapped in, so no reader ever sees it without its policies).

    A model opts in with `meta: {tenant_column: org_id, tenant_setting: app.org_id}`. A
    reader sees the rows whose tenant column equals the session setting (`set app.org_id =
    '1'`, or `alter role ... set app.org_id = '1'`); with no setting it sees no rows. The
    role `bi_admin` sees every row. FORCE makes the policies bind the table's owner too.
-#}
{% macro apply_row_security(relation) -%}
    {%- set meta = config.get('meta') or {} -%}
    {%- set column = meta.get('tenant_column') -%}
    {%- if column -%}
        {%- set setting = meta.get('tenant_setting', 'app.' ~ column) -%}
        {#- the setting is cast to the column's contract type, so the (tenant, date) indexes serve it -#}
        {%- set declared = (model.get('columns', {}).get(column) or {}).get('data_type') -%}
        {%- set cast = meta.get('tenant_type') or declared or 'text' -%}
        {% call statement('row_security') -%}
            alter table {{ relation }} enable row level security;
            alter table {{ relation }} force row level security;
            create policy tenant_isolation on {{ relation }}
                using ({{ adapter.quote(column) }} = nullif(current_setting('{{ setting }}', true), '')::{{ cast }});
            create policy bi_admin_all on {{ relation }} to bi_admin using (true);
        {%- endcall %}
    {%- endif -%}
{%- endmacro %}

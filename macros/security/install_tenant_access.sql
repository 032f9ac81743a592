{#- `dbt run-operation install_tenant_access`: the roles and the grants table without a build
    (what `runner access` runs on a warehouse that was never built) -#}
{% macro install_tenant_access() -%}
    {% call statement('install_tenant_access') -%}
        {{ ensure_bi_roles() }};
        {{ ensure_tenant_access() }};
    {%- endcall %}
    {% do adapter.commit() %}
{%- endmacro %}

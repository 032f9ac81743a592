{#
    Custom schemas are used as named (`marts_product`, not `public_marts_product`): BI tools
    read fixed schema names. On a `dev` target each developer gets their own prefix instead,
    so that two developers on one warehouse never overwrite each other's marts.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif target.name == 'dev' -%}
        {{ target.schema }}_{{ custom_schema_name | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

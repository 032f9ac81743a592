{#- The tenant column of a mart -> the tenant kind that grants name, and the column's type. -#}
{% macro tenant_kinds() -%}
    {{ return({
        'org_id': {'kind': 'org', 'type': 'integer'},
        'affiliate_id': {'kind': 'affiliate', 'type': 'text'},
    }) }}
{%- endmacro %}

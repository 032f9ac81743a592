{#- The reporting time zone as a SQL string literal, validated against PostgreSQL's list at run time. -#}
{% macro reporting_timezone() -%}
    '{{ var("reporting_timezone") | replace("'", "''") }}'
{%- endmacro %}

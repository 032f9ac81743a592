{#- The Monday that starts the ISO week of a date expression. -#}
{% macro week_start(date_expr) -%}
    (date_trunc('week', ({{ date_expr }})::timestamp)::date)
{%- endmacro %}

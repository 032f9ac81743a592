{#- The first day of the calendar month of a date expression. -#}
{% macro month_start(date_expr) -%}
    (date_trunc('month', ({{ date_expr }})::timestamp)::date)
{%- endmacro %}

{#- The first day of the calendar month of a date expression. -#}
{% macro month_start(date_expr) -%}
    cast({{ dbt.date_trunc('month', 'cast((' ~ date_expr ~ ') as timestamp)') }} as date)
{%- endmacro %}

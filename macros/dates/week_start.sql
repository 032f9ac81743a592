{#- The Monday that starts the ISO week of a date expression. -#}
{% macro week_start(date_expr) -%}
    cast({{ dbt.date_trunc('week', 'cast((' ~ date_expr ~ ') as timestamp)') }} as date)
{%- endmacro %}

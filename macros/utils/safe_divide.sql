{#- numerator / denominator, NULL when the denominator is 0 or NULL (never an error, never 0). -#}
{% macro safe_divide(numerator, denominator) -%}
    (({{ numerator }})::numeric / nullif(({{ denominator }})::numeric, 0))
{%- endmacro %}

{#- A fraction numerator / denominator rounded to 6 decimals as numeric(9,6); NULL when the denominator is 0 or NULL. -#}
{% macro rate(numerator, denominator) -%}
    cast({{ divide_round(numerator, denominator, 6) }} as numeric(9, 6))
{%- endmacro %}

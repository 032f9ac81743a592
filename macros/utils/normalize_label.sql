{#- A free-text label trimmed and lower-cased, with an empty string as NULL. -#}
{% macro normalize_label(column) -%}
    nullif(lower(trim({{ column }})), '')
{%- endmacro %}

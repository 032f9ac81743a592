{#- Whether a bronze document is a JSON object (not an array, a string or another scalar); false for NULL. -#}
{% macro affiliate_json_is_object(data) -%}
    coalesce({{ json_typeof(data) }} = 'object', false)
{%- endmacro %}

{#-
    Whether `data -> key` holds a value at all: the key exists, is not JSON null and is not
    a blank string. A present value may still be unparseable (an object, a word for a number).
-#}
{% macro affiliate_json_is_present(data, key) -%}
    (coalesce(
        {{ json_typeof(json_get(data, key)) }} <> 'null'
        and trim({{ json_get_text(data, key) }}) <> '',
        false
    ))
{%- endmacro %}

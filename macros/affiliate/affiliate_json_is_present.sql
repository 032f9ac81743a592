{#-
    Whether `data -> key` holds a value at all: the key exists, is not JSON null and is not
    a blank string. A present value may still be unparseable (an object, a word for a number).
-#}
{% macro affiliate_json_is_present(data, key) -%}
    (coalesce(
        jsonb_typeof(({{ data }}) -> '{{ key }}') <> 'null'
        and trim(({{ data }}) ->> '{{ key }}') <> '',
        false
    ))
{%- endmacro %}

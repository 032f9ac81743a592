{#-
    The text of a scalar JSON value `data -> key`, trimmed, for a string or a number (bronze
    sends numbers both ways), else NULL: a missing key, JSON null, an empty or blank string,
    an object, an array or a boolean. A number's text is the engine's (PostgreSQL writes
    1e3 as 1000, DuckDB as 1000.0): parse it, never compare it as text.
-#}
{% macro affiliate_json_text(data, key) -%}
    (case
        when {{ json_typeof(json_get(data, key)) }} in ('string', 'number')
            then nullif(trim({{ json_get_text(data, key) }}), '')
    end)
{%- endmacro %}

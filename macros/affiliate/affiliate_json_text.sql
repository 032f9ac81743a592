{#-
    The text of a scalar JSON value `data -> key`, trimmed, for a string or a number (bronze
    sends numbers both ways), else NULL: a missing key, JSON null, an empty or blank string,
    an object, an array or a boolean. PostgreSQL jsonb operators; the one home of that detail.
-#}
{% macro affiliate_json_text(data, key) -%}
    (case
        when jsonb_typeof(({{ data }}) -> '{{ key }}') in ('string', 'number')
            then nullif(trim(({{ data }}) ->> '{{ key }}'), '')
    end)
{%- endmacro %}

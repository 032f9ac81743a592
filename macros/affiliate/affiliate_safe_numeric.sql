{#-
    A text as an exact number, or NULL when it is not a plain decimal number (optionally
    signed, with an optional exponent of at most three digits): '12.5', '-3', '1e3' parse;
    '12,5', 'N/A', 'NaN', 'Infinity' and '' do not. Never raises: the cast only runs on a
    text the regular expression accepted (a nested CASE, since PostgreSQL does not promise
    AND order), and a number beyond the engine's exact range (1e28 on DuckDB) is NULL, which
    every caller already rejects as unparseable (a magnitude of 1e10 or more).
-#}
{% macro affiliate_safe_numeric(text_expr) -%}
    {%- set number_shape -%}
        '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$'
    {%- endset -%}
    (case
        when {{ regex_matches(text_expr, number_shape) }}
            then {{ try_cast_number(text_expr) }}
    end)
{%- endmacro %}

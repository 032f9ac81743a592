{#-
    A text as numeric, or NULL when it is not a plain decimal number (optionally signed, with
    an optional exponent of at most three digits): '12.5', '-3', '1e3' parse; '12,5', 'N/A',
    'NaN', 'Infinity' and '' do not. Never raises: the cast only runs on a text the regular
    expression accepted (a nested CASE, since PostgreSQL does not promise AND order).
-#}
{% macro affiliate_safe_numeric(text_expr) -%}
    (case
        when ({{ text_expr }}) ~ '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$'
            then ({{ text_expr }})::numeric
    end)
{%- endmacro %}

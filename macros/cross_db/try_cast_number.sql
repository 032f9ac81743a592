{#-
    A text already checked to be a plain decimal number (see regex_matches) as cast_number
    makes it, or NULL when the number is out of the engine's range instead of an error:
    DuckDB's decimal(38, 10) holds less than 1e28 ('1e999' is NULL there); PostgreSQL's
    numeric has no such limit, so there it is cast_number itself.
-#}
{% macro try_cast_number(expr) -%}
    {{ return(adapter.dispatch('try_cast_number')(expr)) }}
{%- endmacro %}
{% macro default__try_cast_number(expr) -%}
    {{ cast_number(expr) }}
{%- endmacro %}
{% macro duckdb__try_cast_number(expr) -%}
    try_cast({{ expr }} as decimal(38, 10))
{%- endmacro %}

{#-
    Arithmetic whose result differs between engines unless said exactly: PostgreSQL's numeric
    division is exact to many places, DuckDB divides decimals as doubles and `/` of two
    integers is a fraction there. Models call these instead of writing `/` on counts.
-#}

{#- numerator / denominator, NULL when the denominator is 0 or NULL (never an error, never 0); not rounded. -#}
{% macro safe_divide(numerator, denominator) -%}
    {{ return(adapter.dispatch('safe_divide')(numerator, denominator)) }}
{%- endmacro %}
{% macro postgres__safe_divide(numerator, denominator) -%}
    (cast({{ numerator }} as numeric) / nullif(cast({{ denominator }} as numeric), 0))
{%- endmacro %}
{% macro default__safe_divide(numerator, denominator) -%}
    (cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0))
{%- endmacro %}

{#-
    numerator / denominator rounded half away from zero to `places` decimals, computed
    exactly (no binary floating point on any engine); NULL when the denominator is 0 or NULL.
    The operands are numbers with at most 10 decimals.
-#}
{% macro divide_round(numerator, denominator, places) -%}
    {{ return(adapter.dispatch('divide_round')(numerator, denominator, places)) }}
{%- endmacro %}
{% macro postgres__divide_round(numerator, denominator, places) -%}
    round(cast({{ numerator }} as numeric) / nullif(cast({{ denominator }} as numeric), 0), {{ places }})
{%- endmacro %}
{% macro duckdb__divide_round(numerator, denominator, places) -%}
    {#- scaled integers n and d; q = (2 |n| 10^p + |d|) // (2 |d|) is |n/d| rounded half up at p places -#}
    {%- set n = "cast(cast(" ~ numerator ~ " as decimal(38, 10)) * 10000000000 as hugeint)" -%}
    {%- set d = "cast(cast(" ~ denominator ~ " as decimal(38, 10)) * 10000000000 as hugeint)" -%}
    (case when ({{ denominator }}) <> 0 then
        cast(
            sign({{ n }}) * sign({{ d }})
            * ((2 * abs({{ n }}) * {{ 10 ** places }} + abs({{ d }})) // (2 * abs({{ d }})))
            as decimal(38, 0)
        ) * cast({{ '1' if places == 0 else '0.' ~ ('0' * (places - 1)) ~ '1' }} as decimal(38, {{ places }}))
    end)
{%- endmacro %}

{#- Integer division truncating toward zero, as PostgreSQL's `/` of two integers. -#}
{% macro int_divide(numerator, denominator) -%}
    {{ return(adapter.dispatch('int_divide')(numerator, denominator)) }}
{%- endmacro %}
{% macro default__int_divide(numerator, denominator) -%}
    (({{ numerator }}) / ({{ denominator }}))
{%- endmacro %}
{% macro duckdb__int_divide(numerator, denominator) -%}
    (({{ numerator }}) // ({{ denominator }}))
{%- endmacro %}

{#-
    A text that holds a number, as an exact number: PostgreSQL's unbounded numeric, elsewhere
    decimal(38, 10) (ten decimals: more than any source amount has).
-#}
{% macro cast_number(expr) -%}
    {{ return(adapter.dispatch('cast_number')(expr)) }}
{%- endmacro %}
{% macro postgres__cast_number(expr) -%}
    cast({{ expr }} as numeric)
{%- endmacro %}
{% macro default__cast_number(expr) -%}
    cast({{ expr }} as decimal(38, 10))
{%- endmacro %}

{#-
    Spark: decimal(28, 10) operands divide to ten decimals (Spark's rule for the quotient's
    scale), rounded half up; then rounded to `places`. Exact for counts and amounts whose
    quotient is not within 1e-10 of a rounding boundary.
-#}
{% macro spark__divide_round(numerator, denominator, places) -%}
    round(cast({{ numerator }} as decimal(28, 10)) / nullif(cast({{ denominator }} as decimal(28, 10)), 0), {{ places }})
{%- endmacro %}

{#- Spark's `/` of two integers is a double; `div` truncates toward zero. -#}
{% macro spark__int_divide(numerator, denominator) -%}
    (({{ numerator }}) div ({{ denominator }}))
{%- endmacro %}

{#- The 8-byte floating point type in a cast (PostgreSQL's double precision). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double')()) }}
{%- endmacro %}

{% macro default__type_double() -%}double precision{%- endmacro %}

{% macro spark__type_double() -%}double{%- endmacro %}

{#- Seconds from `start` to `end` (two timestamps of the same kind), exact to the microsecond, as a decimal. -#}
{% macro seconds_between(start, end) -%}
    {{ return(adapter.dispatch('seconds_between')(start, end)) }}
{%- endmacro %}
{% macro postgres__seconds_between(start, end) -%}
    extract(epoch from ({{ end }}) - ({{ start }}))
{%- endmacro %}
{% macro duckdb__seconds_between(start, end) -%}
    (cast(datediff('microsecond', {{ start }}, {{ end }}) as decimal(38, 0)) * cast(0.000001 as decimal(38, 6)))
{%- endmacro %}

{#- The seconds of an interval, exact to the microsecond, as a decimal. -#}
{% macro interval_seconds(expr) -%}
    {{ return(adapter.dispatch('interval_seconds')(expr)) }}
{%- endmacro %}
{% macro postgres__interval_seconds(expr) -%}
    extract(epoch from {{ expr }})
{%- endmacro %}
{% macro duckdb__interval_seconds(expr) -%}
    (cast(epoch_us({{ expr }}) as decimal(38, 0)) * cast(0.000001 as decimal(38, 6)))
{%- endmacro %}

{#-
    Whole calendar months from date `earlier` to date `later` as PostgreSQL's age() counts
    them (a month is complete when the day of the month is reached): 2026-01-31 to 2026-03-30
    is 1 month.
-#}
{% macro whole_months_between(later, earlier) -%}
    {{ return(adapter.dispatch('whole_months_between')(later, earlier)) }}
{%- endmacro %}
{% macro postgres__whole_months_between(later, earlier) -%}
    (extract(year from age({{ later }}, {{ earlier }})) * 12 + extract(month from age({{ later }}, {{ earlier }})))
{%- endmacro %}
{% macro default__whole_months_between(later, earlier) -%}
    (case
        when ({{ later }}) >= ({{ earlier }})
            then {{ dbt.datediff(earlier, later, 'month') }}
            - (case when extract(day from {{ later }}) < extract(day from {{ earlier }}) then 1 else 0 end)
        else -({{ dbt.datediff(later, earlier, 'month') }}
            - (case when extract(day from {{ earlier }}) < extract(day from {{ later }}) then 1 else 0 end))
    end)
{%- endmacro %}

{#- Spark: calendar arithmetic on year and month (its months_between counts 31-day months). -#}
{% macro spark__whole_months_between(later, earlier) -%}
    {%- set months = "((year(" ~ later ~ ") - year(" ~ earlier ~ ")) * 12 + month(" ~ later ~ ") - month(" ~ earlier ~ "))" -%}
    (case
        when ({{ later }}) >= ({{ earlier }})
            then {{ months }} - (case when day({{ later }}) < day({{ earlier }}) then 1 else 0 end)
        else {{ months }} + (case when day({{ earlier }}) < day({{ later }}) then 1 else 0 end)
    end)
{%- endmacro %}

{#-
    An ISO-8601 text already checked for shape (date, `T` or space, optional seconds and
    decimals, optional offset `Z`, `+08`, `+0800`, `+08:00`) as a timestamptz; without an offset, UTC.
-#}
{% macro parse_iso_timestamptz(expr) -%}
    {{ return(adapter.dispatch('parse_iso_timestamptz')(expr)) }}
{%- endmacro %}
{% macro postgres__parse_iso_timestamptz(expr) -%}
    cast({{ expr }} as timestamptz)
{%- endmacro %}
{% macro duckdb__parse_iso_timestamptz(expr) -%}
    {#- DuckDB reads none of: `T`, `Z`, a date followed by its offset, minutes without seconds before an offset -#}
    cast(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        {{ expr }},
        '^([0-9-]{10})[Tt]', '\1 '),
        '^([0-9-]{10})([+-]|[Zz])', '\1 00:00:00\2'),
        '^([0-9-]{10} [0-9]{2}:[0-9]{2})([^:0-9]|$)', '\1:00\2'),
        '[Zz]$', '+00') as timestamptz)
{%- endmacro %}

{#- A series of integers `start` .. `stop` as a FROM item: `from {{ integer_series(0, 6) }} as steps (step)`. -#}
{% macro integer_series(start, stop) -%}
    {{ return(adapter.dispatch('integer_series')(start, stop)) }}
{%- endmacro %}
{% macro default__integer_series(start, stop) -%}
    generate_series({{ start }}, {{ stop }})
{%- endmacro %}

{#- The optimizer hint that a CTE is inlined into each reader (PostgreSQL); nothing elsewhere. -#}
{% macro not_materialized() -%}
    {{ return(adapter.dispatch('not_materialized')()) }}
{%- endmacro %}
{% macro default__not_materialized() -%}{%- endmacro %}
{% macro postgres__not_materialized() -%}not materialized{%- endmacro %}

{% macro spark__seconds_between(start, end) -%}
    (cast(unix_micros(cast({{ end }} as timestamp)) - unix_micros(cast({{ start }} as timestamp)) as decimal(38, 0))
        * cast(0.000001 as decimal(38, 6)))
{%- endmacro %}

{#- Spark: an interval source column is held as its seconds (runner/engines/spark.py). -#}
{% macro spark__interval_seconds(expr) -%}
    cast({{ expr }} as decimal(38, 6))
{%- endmacro %}

{#- Spark reads `T`, `Z`, `+08:00` and `+08`; `+0800`, a date followed by its offset and minutes without seconds are made so. -#}
{% macro spark__parse_iso_timestamptz(expr) -%}
    cast(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        {{ expr }},
        '^([0-9-]{10})[Tt]', '$1 '),
        '^([0-9-]{10})([+-]|[Zz])', '$1 00:00:00$2'),
        '^([0-9-]{10} [0-9]{2}:[0-9]{2})([^:0-9]|$)', '$1:00$2'),
        '([+-][0-9]{2})([0-9]{2})$', '$1:$2') as timestamp)
{%- endmacro %}

{% macro spark__integer_series(start, stop) -%}
    explode(sequence({{ start }}, {{ stop }}))
{%- endmacro %}

{#- The type of an instant (PostgreSQL's timestamptz) in a cast: `null::{{ type_timestamptz() }}`. -#}
{% macro type_timestamptz() -%}
    {{ return(adapter.dispatch('type_timestamptz')()) }}
{%- endmacro %}

{% macro default__type_timestamptz() -%}timestamptz{%- endmacro %}

{#- Spark's `timestamp` is an instant (its local-time twin is timestamp_ntz). -#}
{% macro spark__type_timestamptz() -%}timestamp{%- endmacro %}

{#- The ISO day of the week of a date, Monday 1 to Sunday 7. -#}
{% macro iso_day_of_week(date_expr) -%}
    {{ return(adapter.dispatch('iso_day_of_week')(date_expr)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(date_expr) -%}
    extract(isodow from {{ date_expr }})
{%- endmacro %}

{#- Spark's weekday() is Monday 0 to Sunday 6. -#}
{% macro spark__iso_day_of_week(date_expr) -%}
    (weekday({{ date_expr }}) + 1)
{%- endmacro %}

{#- The day of the week of a date as PostgreSQL's dow counts it: Sunday 0 to Saturday 6. -#}
{% macro day_of_week(date_expr) -%}
    {{ return(adapter.dispatch('day_of_week')(date_expr)) }}
{%- endmacro %}

{% macro default__day_of_week(date_expr) -%}
    cast(extract(dow from {{ date_expr }}) as integer)
{%- endmacro %}

{#- Spark's dayofweek() is Sunday 1 to Saturday 7. -#}
{% macro spark__day_of_week(date_expr) -%}
    cast(dayofweek({{ date_expr }}) - 1 as int)
{%- endmacro %}

{#-
    One row per period from `start_date` to `end_date` (both included, both SQL date
    expressions), in a column named `date_<datepart>` (`date_day`, `date_week`, `date_month`).
    Weeks start on Monday; the first period is the one that contains `start_date`.
    Used as a subquery: `select ... from ({{ date_spine("date '2026-01-01'", as_of_date()) }}) as spine`.
-#}
{% macro date_spine(start_date, end_date, datepart="day") -%}
    {%- if datepart not in ["day", "week", "month"] -%}
        {{ exceptions.raise_compiler_error("date_spine: datepart must be day, week or month, got " ~ datepart) }}
    {%- endif -%}
    {{ return(adapter.dispatch('date_spine')(start_date, end_date, datepart)) }}
{%- endmacro %}

{% macro default__date_spine(start_date, end_date, datepart) -%}
    select cast(spine_series.period as date) as date_{{ datepart }}
    from generate_series(
        {{ dbt.date_trunc(datepart, 'cast((' ~ start_date ~ ') as timestamp)') }},
        {{ dbt.date_trunc(datepart, 'cast((' ~ end_date ~ ') as timestamp)') }},
        interval '1 {{ datepart }}'
    ) as spine_series (period)
{%- endmacro %}

{% macro spark__date_spine(start_date, end_date, datepart) -%}
    select spine_series.period as date_{{ datepart }}
    from explode(sequence(
        cast({{ dbt.date_trunc(datepart, 'cast((' ~ start_date ~ ') as timestamp)') }} as date),
        cast({{ dbt.date_trunc(datepart, 'cast((' ~ end_date ~ ') as timestamp)') }} as date),
        interval 1 {{ datepart }}
    )) as spine_series (period)
{%- endmacro %}

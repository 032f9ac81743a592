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
    select period::date as date_{{ datepart }}
    from generate_series(
        date_trunc('{{ datepart }}', ({{ start_date }})::timestamp),
        date_trunc('{{ datepart }}', ({{ end_date }})::timestamp),
        interval '1 {{ datepart }}'
    ) as period
{%- endmacro %}

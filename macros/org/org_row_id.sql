{#-
    The stable integer row id of an org mart, derived from the row's natural key so that the
    same (org, day) or (org, month) keeps its id in every build:
      - a daily mart:   org_row_id(date='snapshot_date')          -> org_id * 100000 + days since 1970-01-01
      - a monthly mart: org_row_id(year='year', month='month')    -> org_id * 100000 + year * 12 + month
    `org_id`, `date`, `year` and `month` are SQL expressions; give either `date` or both
    `year` and `month`.
-#}
{% macro org_row_id(org_id='org_id', date=none, year=none, month=none) -%}
    {%- if date is not none and year is none and month is none -%}
        {%- set key = "(" ~ dbt.datediff("date '1970-01-01'", date, 'day') ~ ")" -%}
    {%- elif date is none and year is not none and month is not none -%}
        {%- set key = year ~ " * 12 + " ~ month -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("org_row_id: give either date, or year and month") }}
    {%- endif -%}
    cast({{ org_id }} * 100000 + {{ key }} as integer)
{%- endmacro %}

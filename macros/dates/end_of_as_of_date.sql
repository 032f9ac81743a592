{#-
    The instant at which `as_of_date` ends in the reporting time zone (a timestamptz):
    ages such as "hours since sync" and "pending age" are measured to it.
-#}
{% macro end_of_as_of_date(tz=none) -%}
    {{ local_timestamp_start(dbt.dateadd('day', 1, as_of_date(tz)), tz) }}
{%- endmacro %}

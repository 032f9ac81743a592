{#-
    The instant at which `as_of_date` ends in the reporting time zone (a timestamptz):
    ages such as "hours since sync" and "pending age" are measured to it.
-#}
{% macro end_of_as_of_date(tz=none) -%}
    (({{ as_of_date(tz) }} + 1)::timestamp at time zone {{ tz if tz is not none else reporting_timezone() }})
{%- endmacro %}

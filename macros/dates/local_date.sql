{#-
    The calendar date of a timestamptz in a reporting time zone.
    `tz` is a SQL expression (a column such as `organizations.reporting_timezone`);
    by default the project's `reporting_timezone` var.
-#}
{% macro local_date(column, tz=none) -%}
    cast({{ local_timestamp(column, tz) }} as date)
{%- endmacro %}

{#-
    The calendar date of a timestamptz in a reporting time zone.
    `tz` is a SQL expression (a column such as `organizations.reporting_timezone`);
    by default the project's `reporting_timezone` var.
-#}
{% macro local_date(column, tz=none) -%}
    (({{ column }}) at time zone {{ tz if tz is not none else reporting_timezone() }})::date
{%- endmacro %}

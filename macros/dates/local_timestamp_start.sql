{#-
    The instant (timestamptz) at which a local date begins in a time zone (default the
    reporting time zone): the inverse of local_date, for range conditions an index can serve.
-#}
{% macro local_timestamp_start(date_expr, tz=none) -%}
    (({{ date_expr }})::timestamp at time zone {{ tz if tz is not none else reporting_timezone() }})
{%- endmacro %}

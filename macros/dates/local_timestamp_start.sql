{#-
    The instant (timestamptz) at which a local date or wall-clock timestamp begins in a time
    zone (default the reporting time zone): the inverse of local_timestamp, for range
    conditions an index can serve.
-#}
{% macro local_timestamp_start(date_expr, tz=none) -%}
    {{ return(adapter.dispatch('local_timestamp_start')(date_expr, tz if tz is not none else reporting_timezone())) }}
{%- endmacro %}
{% macro default__local_timestamp_start(date_expr, tz) -%}
    (cast(({{ date_expr }}) as timestamp) at time zone {{ tz }})
{%- endmacro %}

{% macro spark__local_timestamp_start(date_expr, tz) -%}
    to_utc_timestamp(cast(cast(({{ date_expr }}) as timestamp_ntz) as timestamp), {{ tz }})
{%- endmacro %}

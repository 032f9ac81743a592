{#-
    The wall-clock time (timestamp without time zone) of a timestamptz in a time zone (a SQL
    expression, default the reporting time zone). One home per engine for time zone arithmetic.
-#}
{% macro local_timestamp(column, tz=none) -%}
    {{ return(adapter.dispatch('local_timestamp')(column, tz if tz is not none else reporting_timezone())) }}
{%- endmacro %}
{% macro default__local_timestamp(column, tz) -%}
    (({{ column }}) at time zone {{ tz }})
{%- endmacro %}

{#- Spark: the wall clock in the zone as a timestamp_ntz (the session's clock is UTC). -#}
{% macro spark__local_timestamp(column, tz) -%}
    cast(from_utc_timestamp(cast({{ column }} as timestamp), {{ tz }}) as timestamp_ntz)
{%- endmacro %}

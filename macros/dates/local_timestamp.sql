{#- The wall-clock time (timestamp without time zone) of a timestamptz in a reporting time zone. -#}
{% macro local_timestamp(column, tz=none) -%}
    (({{ column }}) at time zone {{ tz if tz is not none else reporting_timezone() }})
{%- endmacro %}

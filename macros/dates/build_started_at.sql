{#- When this dbt invocation started, as a timestamptz literal: one value for the whole build. -#}
{% macro build_started_at() -%}
    timestamptz '{{ run_started_at.isoformat() }}'
{%- endmacro %}

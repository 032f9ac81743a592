{#- When this dbt invocation started, as a timestamptz literal: one value for the whole build. -#}
{% macro build_started_at() -%}
    {{ return(adapter.dispatch('build_started_at')()) }}
{%- endmacro %}

{% macro default__build_started_at() -%}
    timestamptz '{{ run_started_at.isoformat() }}'
{%- endmacro %}

{#- Spark: its timestamp is the instant type (timestamptz has no name there). -#}
{% macro spark__build_started_at() -%}
    timestamp '{{ run_started_at.isoformat() }}'
{%- endmacro %}

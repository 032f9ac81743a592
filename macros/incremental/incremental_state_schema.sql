{#- The schema of the incremental models' bookkeeping (what each model read, planned
    rebuilds): internal, never granted to BI roles. -#}
{% macro incremental_state_schema() -%}
    {{ return(generate_schema_name('incremental_state', none) | trim) }}
{%- endmacro %}

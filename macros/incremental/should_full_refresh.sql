{#-
    dbt's rule for rebuilding a model from scratch (the model's `full_refresh` config, else
    --full-refresh), extended by one case: an incremental model whose inputs were replaced,
    truncated, or had rows updated or deleted since its last build (plan_incremental_rebuilds
    decides that once per invocation, at the start of the run) is rebuilt in full, so it
    never keeps rows of data that is gone. A model configured `full_refresh: false` is
    never rebuilt, as dbt promises.
-#}
{% macro should_full_refresh() %}
    {%- set configured = config.get('full_refresh') -%}
    {%- if configured is not none -%}
        {{ return(configured) }}
    {%- endif -%}
    {%- if flags.FULL_REFRESH -%}
        {{ return(true) }}
    {%- endif -%}
    {{ return(incremental_rebuild_planned()) }}
{% endmacro %}

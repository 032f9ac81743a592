{#- Whether plan_incremental_rebuilds chose, at the start of this invocation, to rebuild the
    current incremental model in full. Read from the database, so the model's compiled SQL and
    its materialization always agree. -#}
{% macro incremental_rebuild_planned() %}
    {%- if not execute or model is not defined or not is_incremental_config(config) -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set plans = adapter.get_relation(database=target.database, schema=incremental_state_schema(),
                                          identifier='planned_rebuilds') -%}
    {%- if plans is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set found = run_query(
        "select count(*) from " ~ plans ~ " where invocation_id = '" ~ invocation_id
        ~ "' and model_id = '" ~ model.unique_id ~ "'") -%}
    {{ return(found.columns[0].values()[0] > 0) }}
{% endmacro %}

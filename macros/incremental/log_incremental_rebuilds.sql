{#- On-run-start, after plan_incremental_rebuilds: one line per incremental model rebuilt in
    full in this run, with the reason (the runner prints these lines). Renders no SQL. -#}
{% macro log_incremental_rebuilds() -%}
    {%- if execute -%}
        {%- set plans = adapter.get_relation(database=target.database, schema=incremental_state_schema(),
                                              identifier='planned_rebuilds') -%}
        {%- if plans is not none -%}
            {%- set planned = run_query(
                "select model_id, reason from " ~ plans ~ " where invocation_id = '" ~ invocation_id
                ~ "' order by model_id") -%}
            {%- for row in planned.rows -%}
                {%- do log("rebuilding " ~ row[0].split('.')[-1] ~ " in full: " ~ row[1], info=true) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#-
    When the finance or personalization mart being built was last built, as a SQL
    timestamptz expression: the time its last build recorded what it read
    (incremental_state.model_inputs, written in that build's own transaction, after the
    invocation started). A row an incremental intermediate stamped with a later loaded_at
    (build_started_at of its invocation) was written after that build, so the mart has not
    seen it. '-infinity' when nothing is recorded (an engine that keeps no record, such as
    DuckDB, which rebuilds in full anyway: every row counts as unseen).
-#}
{% macro finance_mart_built_at() -%}
    {%- set recorded = none -%}
    {%- if execute -%}
        {%- set recorded = adapter.get_relation(
            database=this.database, schema=incremental_state_schema(), identifier='model_inputs') -%}
    {%- endif -%}
    {%- if recorded is none -%}
        cast('-infinity' as timestamptz)
    {%- else -%}
        (
            select coalesce(max(built.recorded_at), cast('-infinity' as timestamptz))
            from {{ recorded }} as built
            where built.model_id = '{{ model.unique_id }}'
        )
    {%- endif -%}
{%- endmacro %}

{#-
    When the finance or personalization mart being built was last built, as a SQL
    timestamptz expression: the time its last build recorded what it read
    (incremental_state.model_inputs, written in that build's own transaction, after the
    invocation started). A row an incremental intermediate stamped with a later loaded_at
    (build_started_at of its invocation) was written after that build, so the mart has not
    seen it. '-infinity' when nothing is recorded (an engine that keeps no record, such as
    DuckDB, which rebuilds in full anyway: every row counts as unseen). It is read when the
    model compiles and rendered as a literal, so the planner sees how few rows are newer
    and starts from the loaded_at index.
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
        {%- set found = run_query(
            "select cast(coalesce(max(built.recorded_at), cast('-infinity' as timestamptz)) as "
            ~ dbt.type_string() ~ ") from " ~ recorded ~ " as built where built.model_id = '"
            ~ model.unique_id ~ "'") -%}
        cast('{{ found.columns[0].values()[0] }}' as timestamptz)
    {%- endif -%}
{%- endmacro %}


{#-
    The created_at from which an incremental build of int_finance_transactions_loaded reads
    the source, as a SQL timestamptz literal: the newest created_at it holds less
    `finance_transactions_lookback_days` (default 2) days. Read when the model compiles, so
    the filter is a constant the planner can use.
-#}
{% macro finance_transactions_watermark() -%}
    {%- set value = '1900-01-01 00:00:00+00' -%}
    {%- if execute -%}
        {%- set held = run_query(
            "select cast(" ~ dbt.dateadd(
                'day',
                -1 * (var('finance_transactions_lookback_days', 2) | int),
                "coalesce(max(created_at), cast('1900-01-08' as timestamptz))",
            ) ~ " as " ~ dbt.type_string() ~ ") from " ~ this) -%}
        {%- set value = held.columns[0].values()[0] -%}
    {%- endif -%}
    cast('{{ value }}' as timestamptz)
{%- endmacro %}

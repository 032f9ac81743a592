{#-
    The rows an incremental build wrote, so that the build's data tests check those rows
    (dbt's test `where`, through get_where_subquery) instead of the whole history.

    A model says which rows a build writes with `meta.written_rows`:
      - {column: loaded_at}: the rows it writes carry the build's start time
        (build_started_at) in that column;
      - {column: activity_date, from: <macro>}: it rewrites every row whose column is on or
        after the value of the macro (a SQL expression, evaluated before the model runs,
        the same one its SQL and its replace_from window use); `type` (default date) is the
        column's type.
    record_written_window (a pre-hook of every incremental model, in its transaction) notes
    the window of an incremental build in incremental_state.written_windows; a full build
    notes nothing, so its tests read everything.
-#}
{% macro record_written_window() -%}
    {%- set written = (config.get('meta') or {}).get('written_rows') -%}
    {%- if not execute or not written or not is_incremental() -%}
        {{ return('') }}
    {%- endif -%}
    {%- if not written.get('column') or (written.get('from') and written['from'] not in context) -%}
        {{ exceptions.raise_compiler_error(
            model.name ~ ": meta.written_rows needs {column: ...} and, for a window, from: <a macro name>") }}
    {%- endif -%}
    {%- set schema = incremental_state_schema() -%}
    {%- set column = adapter.quote(written['column']) -%}
    {%- if written.get('from') -%}
        {%- set start = context[written['from']]() -%}
        {%- set predicate -%}
            '{{ column }} >= cast(''' || cast(({{ start }}) as {{ dbt.type_string() }}) || ''' as {{ written.get('type', 'date') }})'
        {%- endset -%}
    {%- else -%}
        {%- set predicate -%}
            '{{ column }} >= {{ build_started_at() | replace("'", "''") }}'
        {%- endset -%}
    {%- endif -%}
    {{ ensure_written_windows() }};
    delete from {{ schema }}.written_windows
    where recorded_at < {{ dbt.dateadd('day', -7, dbt.current_timestamp()) }}
        or (invocation_id = '{{ invocation_id }}' and model_id = '{{ model.unique_id }}');
    insert into {{ schema }}.written_windows (invocation_id, model_id, predicate, recorded_at)
    select '{{ invocation_id }}', '{{ model.unique_id }}', {{ predicate }}, {{ dbt.current_timestamp() }}
{%- endmacro %}


{#-
    The window of the rows the tested model wrote in this invocation, as a SQL condition, or
    '' to test every row: when the build tests windows (var test_scope: window, which
    `runner build` sets; --full-tests and --full-refresh set all), the test's model built
    incrementally in this invocation and recorded its window.
-#}
{% macro written_window_predicate(relation) -%}
    {%- if not execute or var('test_scope', 'all') != 'window' or flags.FULL_REFRESH or model is not defined
          or target.type == 'spark' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set node = graph.nodes.get(model.get('attached_node') or '') -%}
    {%- if node is none or not (node.config.get('meta') or {}).get('written_rows')
          or (relation.identifier | default('')) != node.alias -%}
        {{ return('') }}
    {%- endif -%}
    {#- the table is read directly, not looked up through dbt's relation cache: on the first
        incremental build after a full one it is created during the build (on-run-start),
        after the cache was filled, and the cache would say it does not exist -#}
    {%- set found = run_query(
        "select predicate from " ~ incremental_state_schema() ~ ".written_windows where invocation_id = '"
        ~ invocation_id ~ "' and model_id = '" ~ node.unique_id ~ "'") -%}
    {{ return(found.columns[0].values()[0] if found.rows | length > 0 else '') }}
{%- endmacro %}


{#- dbt's get_where_subquery (the relation a data test reads), plus the written window. -#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append(where) -%}
    {%- endif -%}
    {%- set window = written_window_predicate(relation) -%}
    {%- if window -%}
        {%- do conditions.append(window) -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} where ({{ conditions | join(') and (') }})) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}


{#- The table of written windows (an on-run-start hook, so that it exists before any test of
    the build looks a window up; record_written_window creates it too, for a build without
    the hook). -#}
{% macro ensure_written_windows() -%}
    {%- if target.type == 'spark' -%}
        {#- no incremental builds on Spark (macros/materializations/spark_incremental.sql) -#}
        {{ return('') }}
    {%- endif -%}
    {%- set schema = incremental_state_schema() -%}
    create schema if not exists {{ schema }};
    create table if not exists {{ schema }}.written_windows (
        invocation_id {{ dbt.type_string() }} not null,
        model_id {{ dbt.type_string() }} not null,
        predicate {{ dbt.type_string() }} not null,
        recorded_at {{ dbt.type_timestamp() }} not null
    )
{%- endmacro %}

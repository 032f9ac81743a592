{#-
    dbt's freshness query for PostgreSQL (dbt's own default__collect_freshness), with one
    addition for generated demo data: the demo's history ends on a fixed date (so the same
    seed gives the same rows on any day), and `runner sources load-demo` records in
    runner_demo.loads when it loaded a source schema. For a schema listed there, the latest
    load is that load time (or a newer row's own time): right after a demo load every source
    passes, and a demo loaded days ago ages like a feed that stopped that day. A warehouse
    with no demo load has no such table and gets dbt's query unchanged.
-#}
{% macro postgres__collect_freshness(source, loaded_at_field, filter) %}
    {%- set loads = adapter.get_relation(database=source.database, schema='runner_demo', identifier='loads') -%}
    {% call statement('collect_freshness', fetch_result=True, auto_begin=False) -%}
        select
            {%- if loads is not none %}
            greatest(max({{ loaded_at_field }}), (
                select demo.loaded_at from {{ loads }} as demo where demo.source_schema = '{{ source.schema }}'
            )) as max_loaded_at,
            {%- else %}
            max({{ loaded_at_field }}) as max_loaded_at,
            {%- endif %}
            {{ current_timestamp() }} as snapshotted_at
        from {{ source }}
        {% if filter %}
        where {{ filter }}
        {% endif %}
    {% endcall %}
    {{ return(load_result('collect_freshness')) }}
{% endmacro %}

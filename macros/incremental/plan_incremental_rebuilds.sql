{#-
    On-run-start: decide, once per invocation, which selected incremental models must be
    rebuilt in full because an input changed other than by appending rows since the model's
    last build (incremental_input_fingerprints_sql says what counts), or because an
    incremental model they read is rebuilt in full in this run. Writes the fingerprints read
    now (incremental_state.run_inputs) and the decisions (incremental_state.planned_rebuilds,
    read by should_full_refresh); log_incremental_rebuilds says each one on a line.
    A model built for the first time needs no plan: it is built in full anyway.
-#}
{% macro plan_incremental_rebuilds() -%}
    {{ return(adapter.dispatch('plan_incremental_rebuilds')()) }}
{%- endmacro %}

{% macro default__plan_incremental_rebuilds() -%}{%- endmacro %}


{% macro postgres__plan_incremental_rebuilds() -%}
    {%- set schema = incremental_state_schema() -%}
    {%- set models = {} -%}
    {%- set inputs = {} -%}
    {%- if execute -%}
        {%- for unique_id in selected_resources -%}
            {%- set node = graph.nodes.get(unique_id) -%}
            {%- if node and node.resource_type == 'model' and is_incremental_config(node.config) -%}
                {%- set model_inputs = incremental_inputs(unique_id) -%}
                {%- set built = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
                {%- do models.update({unique_id: {'inputs': model_inputs, 'built': built is not none}}) -%}
                {%- do inputs.update(model_inputs) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    create schema if not exists {{ schema }};
    create table if not exists {{ schema }}.model_inputs (
        model_id text not null,
        input text not null,
        fingerprint jsonb not null,
        recorded_at timestamptz not null default now(),
        primary key (model_id, input)
    );
    create table if not exists {{ schema }}.run_inputs (
        invocation_id text not null,
        input text not null,
        fingerprint jsonb not null,
        recorded_at timestamptz not null default now(),
        primary key (invocation_id, input)
    );
    create table if not exists {{ schema }}.planned_rebuilds (
        invocation_id text not null,
        model_id text not null,
        reason text not null,
        planned_at timestamptz not null default now(),
        primary key (invocation_id, model_id)
    );
    delete from {{ schema }}.run_inputs where recorded_at < now() - interval '7 days';
    delete from {{ schema }}.planned_rebuilds where planned_at < now() - interval '7 days';
    {%- if inputs %}
    insert into {{ schema }}.run_inputs (invocation_id, input, fingerprint)
    select '{{ invocation_id }}', current_inputs.input, current_inputs.fingerprint::jsonb
    from ({{ incremental_input_fingerprints_sql(inputs) }}) as current_inputs
    on conflict do nothing;
    {%- endif %}
    {%- for unique_id, planned in models.items() if planned.built and planned.inputs %}
    insert into {{ schema }}.planned_rebuilds (invocation_id, model_id, reason)
    select '{{ invocation_id }}', '{{ unique_id }}', string_agg(changes.reason, '; ' order by changes.reason)
    from (
        select
            case
                when recorded.fingerprint is null and not exists (
                    select 1 from {{ schema }}.model_inputs as known where known.model_id = '{{ unique_id }}'
                ) then 'no record of what it read at its last build'
                when recorded.fingerprint is null then 'it reads ' || wanted.input || ' now'
                when recorded.fingerprint -> 'checksum' is distinct from now_read.fingerprint -> 'checksum'
                    then 'seed ' || wanted.input || ' changed'
                when recorded.fingerprint -> 'table' is distinct from now_read.fingerprint -> 'table'
                    then wanted.input || ' was replaced (dropped and created again, or rebuilt in full)'
                when exists (
                    select 1 from jsonb_each(recorded.fingerprint -> 'storage') as old_storage
                    where old_storage.value is distinct from now_read.fingerprint -> 'storage' -> old_storage.key
                ) then wanted.input || ' was truncated or rewritten'
                when recorded.fingerprint -> 'changes' is distinct from now_read.fingerprint -> 'changes'
                    then 'rows of ' || wanted.input || ' were updated or deleted'
            end as reason
        from (values {% for name in planned.inputs %}('{{ name }}'){{ ',' if not loop.last }}{% endfor %}) as wanted (input)
        left join {{ schema }}.run_inputs as now_read
            on now_read.invocation_id = '{{ invocation_id }}' and wanted.input = now_read.input
        left join {{ schema }}.model_inputs as recorded
            on recorded.model_id = '{{ unique_id }}' and wanted.input = recorded.input
    ) as changes
    where changes.reason is not null
    having count(*) > 0;
    {%- endfor %}
    {#- an incremental model that reads another one rebuilt in full in this run follows it -#}
    {%- for _ in models %}
    {%- for unique_id, planned in models.items() if planned.built %}
    {%- set upstream = [] -%}
    {%- for other_id in models if other_id != unique_id and graph.nodes[other_id].name in planned.inputs -%}
        {%- do upstream.append(other_id) -%}
    {%- endfor %}
    {%- if upstream %}
    insert into {{ schema }}.planned_rebuilds (invocation_id, model_id, reason)
    select '{{ invocation_id }}', '{{ unique_id }}', 'its input ' || string_agg(split_part(model_id, '.', 3), ', ') || ' is rebuilt in full'
    from {{ schema }}.planned_rebuilds
    where invocation_id = '{{ invocation_id }}' and model_id in ({% for other_id in upstream %}'{{ other_id }}'{{ ',' if not loop.last }}{% endfor %})
    having count(*) > 0
    on conflict do nothing;
    {%- endif %}
    {%- endfor %}
    {%- endfor %}
    commit
{%- endmacro %}

{#- Post-hook of every incremental model, in its transaction: what it read in this build
    (the fingerprints taken at the start of the run; for incremental models and snapshots it
    reads, their table now), compared by plan_incremental_rebuilds at its next build. -#}
{% macro record_incremental_inputs() -%}
    {{ return(adapter.dispatch('record_incremental_inputs')()) }}
{%- endmacro %}

{% macro default__record_incremental_inputs() -%}{%- endmacro %}


{% macro postgres__record_incremental_inputs() -%}
    {%- set schema = incremental_state_schema() -%}
    {%- set inputs = incremental_inputs(model.unique_id) if execute else {} -%}
    {%- set tables = {} -%}
    {%- for name, input in inputs.items() if input.kind == 'model' -%}
        {%- do tables.update({name: input}) -%}
    {%- endfor -%}
    delete from {{ schema }}.model_inputs where model_id = '{{ model.unique_id }}';
    {%- if inputs %}
    insert into {{ schema }}.model_inputs (model_id, input, fingerprint)
    select '{{ model.unique_id }}', run.input, run.fingerprint
    from {{ schema }}.run_inputs as run
    where run.invocation_id = '{{ invocation_id }}'
        and run.input in ({% for name in inputs if name not in tables %}'{{ name }}'{{ ',' if not loop.last }}{% endfor %}{{ "''" if inputs | length == tables | length }})
    {%- if tables %}
    union all
    select '{{ model.unique_id }}', current_tables.input, current_tables.fingerprint::jsonb
    from ({{ incremental_input_fingerprints_sql(tables) }}) as current_tables
    {%- endif %}
    {%- endif %}
{%- endmacro %}

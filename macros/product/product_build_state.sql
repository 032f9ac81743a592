{#-
    What an incremental product mart knew at its last build: when that build started (rows
    of the incremental intermediates with a later loaded_at are new to it) and its
    as_of_date (the days between the old and the new as_of_date change). Kept in
    <incremental_state>.product_builds, one row per mart, written by the post-hook
    product_record_build() in the build's transaction (full and incremental builds alike).
-#}
{% macro product_record_build() -%}
    {{ return(adapter.dispatch('product_record_build')()) }}
{%- endmacro %}

{% macro default__product_record_build() -%}{%- endmacro %}

{% macro postgres__product_record_build() -%}
    {%- set schema = incremental_state_schema() -%}
    {#- marts built in parallel: one creates the table at a time -#}
    select pg_advisory_xact_lock(hashtext('{{ schema }}.product_builds'));
    create schema if not exists {{ schema }};
    create table if not exists {{ schema }}.product_builds (
        model_id text primary key,
        as_of_date date not null,
        built_at timestamptz not null
    );
    insert into {{ schema }}.product_builds (model_id, as_of_date, built_at)
    values ('{{ model.unique_id }}', {{ as_of_date() }}, {{ build_started_at() }})
    on conflict (model_id) do update set as_of_date = excluded.as_of_date, built_at = excluded.built_at
{%- endmacro %}


{#-
    The current mart's last recorded build as a SQL literal, read when the model compiles (a
    literal lets the planner estimate the rows written since and use the loaded_at and date
    indexes): `built_at` (its start, a timestamptz: rows of the incremental intermediates
    with a later loaded_at are new to it) or `as_of_date` (a date). NULL when nothing is
    recorded (the caller then recomputes everything).
-#}
{% macro product_last_build(column) -%}
    {%- set type = 'date' if column == 'as_of_date' else 'timestamptz' -%}
    {%- set relation = none -%}
    {%- if execute -%}
        {%- set relation = adapter.get_relation(
            database=target.database, schema=incremental_state_schema(), identifier='product_builds') -%}
    {%- endif -%}
    {%- set value = none -%}
    {%- if relation is not none -%}
        {%- set found = run_query(
            "select cast(" ~ column ~ " as " ~ dbt.type_string() ~ ") from " ~ relation
            ~ " where model_id = '" ~ model.unique_id ~ "'") -%}
        {%- if found.rows | length > 0 and found.columns[0].values()[0] is not none -%}
            {%- set value = found.columns[0].values()[0] -%}
        {%- endif -%}
    {%- endif -%}
    {%- if value is none -%}
        null::{{ type }}
    {%- else -%}
        {{ type }} '{{ value }}'
    {%- endif -%}
{%- endmacro %}

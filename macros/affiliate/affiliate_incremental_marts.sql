{#-
    When the affiliate mart being built was last built, as a SQL timestamptz expression: the
    time its last build recorded what it read (incremental_state.model_inputs, written in
    that build's transaction, after the build's start). Every row an affiliate intermediate
    stamps (computed_at, the build start of its invocation) later than this was written
    after that build, so the mart has not seen it. '-infinity' when nothing is recorded
    (an engine that keeps no record, such as DuckDB: every row counts as unseen).
-#}
{% macro affiliate_mart_built_at() -%}
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


{#-
    The first period_start an incremental build of a gold period mart (daily, weekly,
    monthly metrics, performance trend) rewrites, as a SQL date expression: the earliest
    period int_affiliate_period_metrics_aggregated wrote since the mart's last build (its
    computed_at is newer). That model replaces every period from its window start on, so
    every period from this date on is new to the mart and every earlier one is unchanged.
    A far-future date when it wrote nothing since (the build then rewrites nothing).
-#}
{% macro affiliate_gold_recompute_from() -%}
(
    select coalesce(min(recomputed.period_start), cast('9999-12-31' as date))
    from (
        -- the rows written since, through the computed_at index; `offset 0` keeps PostgreSQL
        -- from walking the period_start index over all history to find the minimum instead
        select written.period_start
        from {{ ref('int_affiliate_period_metrics_aggregated') }} as written
        where written.computed_at > {{ affiliate_mart_built_at() }}
        offset 0
    ) as recomputed
)
{%- endmacro %}


{#-
    The incremental strategy `affiliate_replace_keys`, for marts kept by record key: delete
    the mart's rows of every key in the build's rows, then insert the build's rows whose
    `present` column is not NULL. A key whose record left the mart (a silver record now
    rejected, a rejected one now valid) comes as a row with only its key (a tombstone):
    its old row is deleted and nothing is inserted for it.
        config(incremental_strategy='affiliate_replace_keys', unique_key=[...],
               replace_keys={'present': 'load_timestamp'})
-#}
{% macro get_incremental_affiliate_replace_keys_sql(arg_dict) -%}
    {%- set settings = config.get('replace_keys') or {} -%}
    {%- set keys = arg_dict['unique_key'] -%}
    {%- if keys is string -%}
        {%- set keys = [keys] -%}
    {%- endif -%}
    {%- if not keys or not settings.get('present') -%}
        {{ exceptions.raise_compiler_error(
            "incremental_strategy 'affiliate_replace_keys' needs unique_key and replace_keys={'present': <column>}") }}
    {%- endif -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    using {{ source }}
    where
        {%- for key in keys %}
        {{ source }}.{{ adapter.quote(key) }} = {{ target }}.{{ adapter.quote(key) }}{{ ' and' if not loop.last }}
        {%- endfor %};

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ source }}
    where {{ adapter.quote(settings['present']) }} is not null
{%- endmacro %}


{#-
    The rows of an affiliate validation model that a silver mart builds from, as a query.
    A full build: every silver row (the current valid load of each record). An incremental
    build: one row per record judged since the mart's last build (every load of a record is
    judged again together, so its computed_at says the record was): its silver row, or
    another load of it when it is no longer in silver (`is_silver` false: the mart writes a
    tombstone for it, see affiliate_replace_keys). Reads the computed_at index only.
-#}
{% macro affiliate_silver_candidates(relation, record_id) -%}
    {%- if is_incremental() %}
    select rejudged.*
    from (
        select
            judged.*,
            row_number() over (
                partition by judged.{{ record_id }}
                order by case when judged.is_silver then 0 else 1 end
            ) as record_row
        from {{ relation }} as judged
        where judged.computed_at > {{ affiliate_mart_built_at() }}
    ) as rejudged
    where rejudged.record_row = 1
    {%- else %}
    select * from {{ relation }}
    where is_silver
    {%- endif %}
{%- endmacro %}

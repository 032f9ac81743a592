{{
    config(
        incremental_strategy='delete+insert',
        unique_key=['table_name', 'metric_date'],
    )
}}

-- Per bronze table and load date (reporting time zone): how many loads landed, how many
-- broke a rule or failed, and four quality scores in percent of that day's successful
-- loads (every successful load is judged, superseded or not; failed loads carry no
-- content to judge and are counted in failed_loads).
-- Incremental: a build recomputes only the (bronze table, load date) rows with a load judged
-- since the last build (a late load, a record judged again), each from every load of that
-- date (a range of each validation model's load_at index); the other rows are kept.
with

all_loads as {{ not_materialized() }} (

    select * from {{ ref('int_affiliate_bronze_loads_unioned') }}

),
{%- if is_incremental() %}

touched_days as (

    select distinct
        source_table,
        {{ local_date('load_at') }} as metric_date
    from all_loads
    where computed_at > {{ affiliate_mart_built_at() }}

),

loads as (

    -- per touched day, a range of its table's load_at index (never a join of every load
    -- against the days)
    select day_loads.*
    from touched_days
    cross join lateral (
        select all_loads.*
        from all_loads
        where
            all_loads.source_table = touched_days.source_table
            and all_loads.load_at >= {{ local_timestamp_start('touched_days.metric_date') }}
            and all_loads.load_at < {{ local_timestamp_start('touched_days.metric_date + 1') }}
        -- `offset 0` keeps PostgreSQL from turning the lateral subquery back into a join
        offset 0  -- noqa: AM09
    ) as day_loads

),
{%- else %}

loads as (

    select * from all_loads

),
{%- endif %}

daily as (

    select
        source_table as table_name,
        {{ local_date('load_at') }} as metric_date,
        count(*) as total_records,
        count(*) filter (where is_loaded and is_valid) as valid_records,
        count(*) filter (where is_loaded and not is_valid) as invalid_records,
        count(*) filter (where not is_loaded) as failed_loads,
        count(*) filter (where is_loaded) as loaded_records,
        count(*) filter (where is_complete) as complete_records,
        count(*) filter (where is_consistent) as consistent_records,
        count(*) filter (where is_consistent is not null) as records_with_foreign_key,
        count(*) filter (where is_timely) as timely_records,
        count(*) filter (where is_timely is not null) as records_with_event_time
    from loads
    group by source_table, {{ local_date('load_at') }}

),

final as (

    select
        table_name,
        metric_date,
        total_records,
        valid_records,
        invalid_records,
        failed_loads,
        cast({{ divide_round('100 * complete_records', 'loaded_records', 2) }} as numeric(5, 2)) as completeness_score,
        cast({{ divide_round('100 * valid_records', 'loaded_records', 2) }} as numeric(5, 2)) as accuracy_score,
        cast({{ divide_round('100 * consistent_records', 'records_with_foreign_key', 2) }} as numeric(5, 2))
            as consistency_score,
        cast({{ divide_round('100 * timely_records', 'records_with_event_time', 2) }} as numeric(5, 2))
            as timeliness_score
    from daily

)

select * from final

-- Per bronze table and load date (reporting time zone): how many loads landed, how many
-- broke a rule or failed, and four quality scores in percent of that day's successful
-- loads (every successful load is judged, superseded or not; failed loads carry no
-- content to judge and are counted in failed_loads).
with

loads as (

    select * from {{ ref('int_affiliate_bronze_loads_unioned') }}

),

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

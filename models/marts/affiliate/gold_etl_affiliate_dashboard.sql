{{ config(indexes=[{'columns': ['affiliate_id', 'data_source']}]) }}

-- One row per affiliate and data source (customers, deposits, trades, assets): the loads
-- landed for that affiliate (by the load's affiliate) and what became of them, the job
-- status of the bronze table (etl_status), the freshness of its silver records, and the
-- affiliate's activity in the 30 days ending on as_of_date. An affiliate id that loads name
-- but affiliate_accounts lacks still gets its rows (a warn-level test reports it).
with

affiliates as (

    select affiliate_id from {{ ref('stg_affiliate__affiliate_accounts') }}

),

loads as (

    select * from {{ ref('int_affiliate_bronze_loads_unioned') }}

),

etl_status as (

    select * from {{ ref('stg_affiliate__etl_status') }}

),

periods as (

    select * from {{ ref('int_affiliate_period_metrics_aggregated') }}
    where period_type = 'day'

),

data_sources as (

    select data_source
    from (values ('customers'), ('deposits'), ('trades'), ('assets')) as sources (data_source)

),

load_summary as (

    select
        load_affiliate_id as affiliate_id,
        data_source,
        max(load_at) filter (where is_loaded) as last_successful_load,
        count(*) filter (where is_loaded) as records_loaded,
        count(*) filter (where is_silver) as records_valid,
        count(*) filter (where version_status = 'current' and not is_valid) as records_rejected,
        count(*) filter (where version_status = 'superseded') as records_superseded,
        count(*) filter (where not is_loaded) as failed_loads,
        max(event_at) filter (where is_silver and event_at < {{ end_of_as_of_date() }}) as latest_event_time
    from loads
    group by load_affiliate_id, data_source

),

affiliate_keys as (

    select affiliate_id from affiliates

    union

    select affiliate_id from load_summary

),

activity_30d as (

    select
        affiliate_id,
        sum(signups) as signups_30d,
        sum(deposit_amount_usd) as deposit_amount_usd_30d,
        sum(trade_volume) as trade_volume_30d
    from periods
    where period_start between {{ as_of_date() }} - 29 and {{ as_of_date() }}
    group by affiliate_id

),

final as (

    select
        affiliate_keys.affiliate_id,
        data_sources.data_source,
        load_summary.last_successful_load,
        etl_status.load_status,
        coalesce(load_summary.records_loaded, 0) as records_loaded,
        coalesce(load_summary.records_valid, 0) as records_valid,
        coalesce(load_summary.records_rejected, 0) as records_rejected,
        coalesce(load_summary.records_superseded, 0) as records_superseded,
        coalesce(load_summary.failed_loads, 0) as failed_loads,
        load_summary.latest_event_time,
        cast(
            {{ divide_round(seconds_between('load_summary.latest_event_time', end_of_as_of_date()), 3600, 6) }}
            as numeric(18, 6)
        ) as freshness_hours,
        coalesce(activity_30d.signups_30d, 0)::bigint as signups_30d,
        coalesce(activity_30d.deposit_amount_usd_30d, 0)::numeric(28, 8) as deposit_amount_usd_30d,
        coalesce(activity_30d.trade_volume_30d, 0)::numeric(28, 8) as trade_volume_30d,
        etl_status.last_successful_load_at as etl_last_successful_load,
        etl_status.last_attempted_load_at as etl_last_attempted_load
    from affiliate_keys
    cross join data_sources
    left join load_summary
        on affiliate_keys.affiliate_id = load_summary.affiliate_id
        and data_sources.data_source = load_summary.data_source
    left join etl_status
        on 'bronze_' || data_sources.data_source = etl_status.table_name
    left join activity_30d
        on affiliate_keys.affiliate_id = activity_30d.affiliate_id

)

select * from final

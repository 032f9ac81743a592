{{ config(indexes=[{'columns': ['affiliate_id', 'registration_month']}]) }}

-- Per affiliate and registration month (reporting time zone): the clients who registered
-- up to the end of as_of_date and how far they got by then. FTD is the first completed
-- deposit at or after registration; the 7- and 30-day windows are 168 and 720 hours after
-- registration, both ends included. Medians are percentile_cont(0.5) of the exact seconds
-- (of seconds, not intervals: the mean of the two middle values on every engine).
with

clients as (

    select * from {{ ref('int_affiliate_client_milestones_derived') }}
    where register_time < {{ end_of_as_of_date() }}

),

as_of_clients as (

    select
        affiliate_id,
        client_id,
        {{ month_start('register_date') }} as registration_month,
        register_time,
        case when ftd_time < {{ end_of_as_of_date() }} then ftd_time end as ftd_time,
        case when first_trade_time < {{ end_of_as_of_date() }} then first_trade_time end as first_trade_time
    from clients

),

cohorts as (

    select
        affiliate_id,
        registration_month,
        count(*) as registered_clients,
        count(ftd_time) as deposited_clients,
        count(first_trade_time) as traded_clients,
        count(*) filter (where ftd_time <= register_time + interval '168 hours') as deposited_within_7d,
        count(*) filter (where ftd_time <= register_time + interval '720 hours') as deposited_within_30d,
        percentile_cont(0.5) within group (order by {{ seconds_between('register_time', 'ftd_time') }})
            as median_seconds_to_ftd,
        percentile_cont(0.5) within group (order by {{ seconds_between('register_time', 'first_trade_time') }})
            as median_seconds_to_first_trade
    from as_of_clients
    group by affiliate_id, registration_month

),

final as (

    select
        affiliate_id,
        registration_month,
        registered_clients,
        deposited_clients,
        traded_clients,
        deposited_within_7d,
        deposited_within_30d,
        cast({{ divide_round('deposited_clients', 'registered_clients', 6) }} as numeric(12, 6)) as ftd_conversion_rate,
        cast({{ divide_round('traded_clients', 'deposited_clients', 6) }} as numeric(12, 6)) as trade_conversion_rate,
        cast({{ divide_round('median_seconds_to_ftd', 3600, 6) }} as numeric(18, 6)) as median_hours_to_ftd,
        cast({{ divide_round('median_seconds_to_first_trade', 86400, 6) }} as numeric(18, 6))
            as median_days_to_first_trade
    from cohorts

)

select * from final

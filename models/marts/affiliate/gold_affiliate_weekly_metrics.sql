{{ config(indexes=[{'columns': ['affiliate_id', 'week_start']}]) }}

-- One row per affiliate and week, from the affiliate's first week to the one containing
-- as_of_date, zero-filled (see int_affiliate_period_metrics_aggregated).
with

periods as (

    select * from {{ ref('int_affiliate_period_metrics_aggregated') }}
    where period_type = 'week'

),

final as (

    select
        affiliate_id,
        period_start as week_start,
        signups,
        ftd_clients,
        depositing_clients,
        deposit_count,
        deposit_amount_usd,
        trading_clients,
        trade_count,
        trade_volume,
        buy_volume,
        sell_volume,
        is_complete_period
    from periods

)

select * from final

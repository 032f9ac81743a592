{{
    config(
        indexes=[{'columns': ['affiliate_id', 'metric_date']}],
        incremental_strategy='replace_from',
        replace_from={'column': 'metric_date', 'start': 'affiliate_gold_recompute_from'},
        meta={'written_rows': {'column': 'metric_date', 'from': 'affiliate_gold_recompute_from'}},
    )
}}

-- One row per affiliate and day, from the affiliate's first day to the one containing
-- as_of_date, zero-filled (see int_affiliate_period_metrics_aggregated).
-- Incremental: a build replaces the periods int_affiliate_period_metrics_aggregated wrote
-- since the last one (from affiliate_gold_recompute_from() on) and keeps the earlier ones.
with

periods as (

    select * from {{ ref('int_affiliate_period_metrics_aggregated') }}
    where
        period_type = 'day'
        {%- if is_incremental() %}
        and period_start >= {{ affiliate_gold_recompute_from() }}
        {%- endif %}

),

final as (

    select
        affiliate_id,
        period_start as metric_date,
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

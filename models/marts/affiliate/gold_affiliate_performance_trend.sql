{{
    config(
        indexes=[{'columns': ['affiliate_id', 'period_type', 'period_start']}],
        incremental_strategy='replace_from',
        replace_from={'column': 'period_start', 'start': 'affiliate_gold_recompute_from'},
        meta={'written_rows': {'column': 'period_start', 'from': 'affiliate_gold_recompute_from'}},
    )
}}

-- Per affiliate, period type and period: signups, USD deposited and trade volume next to
-- the previous period's (the affiliate's period just before, NULL for its first period)
-- and the growth rate (current - previous) / previous, NULL when the previous is 0 or absent.
-- Incremental: a build replaces the periods int_affiliate_period_metrics_aggregated wrote
-- since the last one (from affiliate_gold_recompute_from() on), reading 31 days more for
-- the previous period of each (a month starts at most 31 days before the first one kept).
with

periods as (

    select * from {{ ref('int_affiliate_period_metrics_aggregated') }}
    {%- if is_incremental() %}
    where period_start >= {{ affiliate_gold_recompute_from() }} - 31
    {%- endif %}

),

with_previous as (

    select
        affiliate_id,
        period_type,
        period_start,
        period_end,
        is_complete_period,
        signups,
        deposit_amount_usd,
        trade_volume,
        lag(signups) over by_period as previous_signups,
        lag(deposit_amount_usd) over by_period as previous_deposit_amount_usd,
        lag(trade_volume) over by_period as previous_trade_volume
    from periods
    window by_period as (partition by affiliate_id, period_type order by period_start)

),

final as (

    select
        affiliate_id,
        period_type,
        period_start,
        period_end,
        signups,
        deposit_amount_usd,
        trade_volume,
        previous_signups,
        previous_deposit_amount_usd,
        previous_trade_volume,
        cast({{ divide_round('signups - previous_signups', 'previous_signups', 6) }} as numeric(18, 6))
            as signups_growth_rate,
        cast(
            {{ divide_round('deposit_amount_usd - previous_deposit_amount_usd', 'previous_deposit_amount_usd', 6) }}
            as numeric(18, 6)
        ) as deposit_amount_usd_growth_rate,
        cast({{ divide_round('trade_volume - previous_trade_volume', 'previous_trade_volume', 6) }} as numeric(18, 6))
            as trade_volume_growth_rate,
        is_complete_period
    from with_previous
    {%- if is_incremental() %}
    where period_start >= {{ affiliate_gold_recompute_from() }}
    {%- endif %}

)

select * from final

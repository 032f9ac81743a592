-- The additive gold metrics of an affiliate add up to the same totals over its days, its
-- weeks and its months (the three grains cover the same days up to as_of_date,
-- zero-filled); distinct client counts are recomputed per period and so are not compared.
-- Returns one row per affiliate, grain and metric whose total differs from the daily one.
with

daily as (

    select * from {{ ref('gold_affiliate_daily_metrics') }}

),

weekly as (

    select * from {{ ref('gold_affiliate_weekly_metrics') }}

),

monthly as (

    select * from {{ ref('gold_affiliate_monthly_metrics') }}

),

unioned as (

    select
        'day' as grain,
        affiliate_id,
        signups,
        ftd_clients,
        deposit_count,
        deposit_amount_usd,
        trade_count,
        trade_volume
    from daily

    union all

    select
        'week' as grain,
        affiliate_id,
        signups,
        ftd_clients,
        deposit_count,
        deposit_amount_usd,
        trade_count,
        trade_volume
    from weekly

    union all

    select
        'month' as grain,
        affiliate_id,
        signups,
        ftd_clients,
        deposit_count,
        deposit_amount_usd,
        trade_count,
        trade_volume
    from monthly

),

totals as (

    select
        affiliate_id,
        grain,
        sum(signups) as signups,
        sum(ftd_clients) as ftd_clients,
        sum(deposit_count) as deposit_count,
        sum(deposit_amount_usd) as deposit_amount_usd,
        sum(trade_count) as trade_count,
        sum(trade_volume) as trade_volume
    from unioned
    group by affiliate_id, grain

),

differences as (

    select
        other.affiliate_id,
        other.grain,
        day_totals.signups as daily_signups,
        other.signups,
        day_totals.deposit_amount_usd as daily_deposit_amount_usd,
        other.deposit_amount_usd
    from totals as other
    left join totals as day_totals
        on other.affiliate_id = day_totals.affiliate_id
        and day_totals.grain = 'day'
    where
        other.grain <> 'day'
        and (
            day_totals.affiliate_id is null
            or other.signups <> day_totals.signups
            or other.ftd_clients <> day_totals.ftd_clients
            or other.deposit_count <> day_totals.deposit_count
            or other.deposit_amount_usd <> day_totals.deposit_amount_usd
            or other.trade_count <> day_totals.trade_count
            or other.trade_volume <> day_totals.trade_volume
        )

)

select * from differences

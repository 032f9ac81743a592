{{
    config(
        materialized='incremental',
        meta={'written_rows': {'column': 'computed_at'}},
        incremental_strategy='replace_from',
        replace_from={'column': 'period_start', 'start': 'affiliate_metrics_recompute_from'},
        on_schema_change='fail',
        indexes=[
            {'columns': ['affiliate_id', 'period_type', 'period_start'], 'unique': true},
            {'columns': ['period_start']},
            {'columns': ['computed_at']},
        ],
    )
}}

-- Per affiliate, period type (day, week, month) and period: the gold activity metrics,
-- zero-filled over every period from the affiliate's first period (the one containing the
-- earlier of its join date and its first activity, so nothing it owns is dropped) to the
-- period containing as_of_date. Activity is first reduced to one row per client and local
-- day; distinct client counts are then recomputed per period, never summed across periods.
-- Only completed deposits (completed, success) and completed trades count, and only up to
-- as_of_date: the current week and month hold the days to date, like the daily rows.
-- An incremental build recomputes only the periods from affiliate_metrics_recompute_from()
-- on (the dates its new and re-judged records touch, the last built day, a lookback) and
-- replaces them; earlier periods are kept.
{{ affiliate_metrics_require_computed_at() }}
with
{% if is_incremental() %}
recompute_window as (

    select {{ affiliate_metrics_recompute_from() }} as recompute_from

),

built_first_days as (

    -- an affiliate whose first day is before the window keeps it (its rows before it stay)
    select
        affiliate_id,
        min(period_start) as first_date
    from {{ this }}
    where period_type = 'day' and period_start < (select recompute_window.recompute_from from recompute_window)
    group by affiliate_id

),
{% endif %}
affiliates as (

    select
        affiliate_id,
        joined_at
    from {{ ref('stg_affiliate__affiliate_accounts') }}

),

customers as (

    select
        affiliate_id,
        client_id,
        register_date
    from {{ ref('int_affiliate_customers_validated') }}
    where
        is_silver
        {%- if is_incremental() %}
        and register_date >= (select recompute_window.recompute_from from recompute_window)
        {%- endif %}

),

milestones as (

    select
        affiliate_id,
        client_id,
        ftd_date
    from {{ ref('int_affiliate_client_milestones_derived') }}
    where
        ftd_date is not null
        {%- if is_incremental() %}
        and ftd_date >= (select recompute_window.recompute_from from recompute_window)
        {%- endif %}

),

deposits as (

    select
        affiliate_id,
        client_id,
        deposit_date,
        deposit_amount_usd
    from {{ ref('int_affiliate_deposits_validated') }}
    where
        is_silver and is_completed
        {%- if is_incremental() %}
        and deposit_date >= (select recompute_window.recompute_from from recompute_window)
        {%- endif %}

),

trades as (

    select
        affiliate_id,
        client_id,
        trade_date,
        trade_type,
        trade_volume
    from {{ ref('int_affiliate_trades_validated') }}
    where
        is_silver and is_completed
        {%- if is_incremental() %}
        and trade_date >= (select recompute_window.recompute_from from recompute_window)
        {%- endif %}

),

deposit_days as (

    select
        affiliate_id,
        client_id,
        deposit_date as activity_date,
        count(*) as deposit_count,
        coalesce(sum(deposit_amount_usd), 0) as deposit_amount_usd
    from deposits
    group by affiliate_id, client_id, deposit_date

),

trade_days as (

    select
        affiliate_id,
        client_id,
        trade_date as activity_date,
        count(*) as trade_count,
        sum(trade_volume) as trade_volume,
        coalesce(sum(trade_volume) filter (where trade_type = 'buy'), 0) as buy_volume,
        coalesce(sum(trade_volume) filter (where trade_type = 'sell'), 0) as sell_volume
    from trades
    group by affiliate_id, client_id, trade_date

),

client_days as (

    select
        affiliate_id,
        client_id,
        register_date as activity_date,
        1 as signups,
        0 as ftds,
        0 as deposit_count,
        0 as deposit_amount_usd,
        0 as trade_count,
        0 as trade_volume,
        0 as buy_volume,
        0 as sell_volume
    from customers

    union all

    select
        affiliate_id,
        client_id,
        ftd_date as activity_date,
        0 as signups,
        1 as ftds,
        0 as deposit_count,
        0 as deposit_amount_usd,
        0 as trade_count,
        0 as trade_volume,
        0 as buy_volume,
        0 as sell_volume
    from milestones

    union all

    select
        affiliate_id,
        client_id,
        activity_date,
        0 as signups,
        0 as ftds,
        deposit_count,
        deposit_amount_usd,
        0 as trade_count,
        0 as trade_volume,
        0 as buy_volume,
        0 as sell_volume
    from deposit_days

    union all

    select
        affiliate_id,
        client_id,
        activity_date,
        0 as signups,
        0 as ftds,
        0 as deposit_count,
        0 as deposit_amount_usd,
        trade_count,
        trade_volume,
        buy_volume,
        sell_volume
    from trade_days

),

client_days_to_date as (

    -- activity dated after as_of_date has not happened yet as of that date
    select * from client_days
    where activity_date <= {{ as_of_date() }}

),

client_periods as (

    select
        'day' as period_type,
        activity_date as period_start,
        *
    from client_days_to_date

    union all

    select
        'week' as period_type,
        {{ week_start('activity_date') }} as period_start,
        *
    from client_days_to_date

    union all

    select
        'month' as period_type,
        {{ month_start('activity_date') }} as period_start,
        *
    from client_days_to_date

),

aggregated as (

    select
        affiliate_id,
        period_type,
        period_start,
        sum(signups) as signups,
        sum(ftds) as ftd_clients,
        count(distinct client_id) filter (where deposit_count > 0) as depositing_clients,
        sum(deposit_count) as deposit_count,
        sum(deposit_amount_usd) as deposit_amount_usd,
        count(distinct client_id) filter (where trade_count > 0) as trading_clients,
        sum(trade_count) as trade_count,
        sum(trade_volume) as trade_volume,
        sum(buy_volume) as buy_volume,
        sum(sell_volume) as sell_volume
    from client_periods
    group by affiliate_id, period_type, period_start

),

first_activity as (

    select
        affiliate_id,
        min(activity_date) as first_activity_date
    from client_days_to_date
    group by affiliate_id
    {%- if is_incremental() %}

    union all

    select
        affiliate_id,
        first_date
    from built_first_days
    {%- endif %}

),

affiliate_bounds as (

    select
        affiliates.affiliate_id,
        least({{ local_date('affiliates.joined_at') }}, min(first_activity.first_activity_date)) as first_date
    from affiliates
    left join first_activity
        on affiliates.affiliate_id = first_activity.affiliate_id
    group by affiliates.affiliate_id, affiliates.joined_at
    -- an affiliate that joins after as_of_date (and has no activity before it) has no period yet
    having
        least({{ local_date('affiliates.joined_at') }}, min(first_activity.first_activity_date))
        <= {{ as_of_date() }}

),

{%- if is_incremental() %}
{%- set spine_start = 'greatest(affiliate_bounds.first_date,'
    ~ ' (select recompute_window.recompute_from from recompute_window))' %}
{%- else %}
{%- set spine_start = 'affiliate_bounds.first_date' %}
{%- endif %}

spine as (

    select
        affiliate_bounds.affiliate_id,
        'day' as period_type,
        spine_days.date_day as period_start
    from affiliate_bounds
    cross join lateral ({{ date_spine(spine_start, as_of_date(), 'day') }}) as spine_days

    union all

    select
        affiliate_bounds.affiliate_id,
        'week' as period_type,
        spine_weeks.date_week as period_start
    from affiliate_bounds
    cross join lateral ({{ date_spine(spine_start, as_of_date(), 'week') }}) as spine_weeks

    union all

    select
        affiliate_bounds.affiliate_id,
        'month' as period_type,
        spine_months.date_month as period_start
    from affiliate_bounds
    cross join lateral ({{ date_spine(spine_start, as_of_date(), 'month') }}) as spine_months

),

zero_filled as (

    select
        spine.affiliate_id,
        spine.period_type,
        spine.period_start,
        case spine.period_type
            when 'day' then spine.period_start
            when 'week' then spine.period_start + 6
            else (spine.period_start + interval '1 month')::date - 1
        end as period_end,
        coalesce(aggregated.signups, 0)::bigint as signups,
        coalesce(aggregated.ftd_clients, 0)::bigint as ftd_clients,
        coalesce(aggregated.depositing_clients, 0)::bigint as depositing_clients,
        coalesce(aggregated.deposit_count, 0)::bigint as deposit_count,
        coalesce(aggregated.deposit_amount_usd, 0)::numeric(28, 8) as deposit_amount_usd,
        coalesce(aggregated.trading_clients, 0)::bigint as trading_clients,
        coalesce(aggregated.trade_count, 0)::bigint as trade_count,
        coalesce(aggregated.trade_volume, 0)::numeric(28, 8) as trade_volume,
        coalesce(aggregated.buy_volume, 0)::numeric(28, 8) as buy_volume,
        coalesce(aggregated.sell_volume, 0)::numeric(28, 8) as sell_volume
    from spine
    left join aggregated
        on spine.affiliate_id = aggregated.affiliate_id
        and spine.period_type = aggregated.period_type
        and spine.period_start = aggregated.period_start

),

final as (

    select
        *,
        period_end < {{ as_of_date() }} as is_complete_period,
        {{ build_started_at() }} as computed_at
    from zero_filled
    {%- if is_incremental() %}
    -- a week or month that starts before the window is kept whole from the last build
    where period_start >= (select recompute_window.recompute_from from recompute_window)
    {%- endif %}

)

select * from final

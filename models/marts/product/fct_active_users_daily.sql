-- Daily, weekly and 28-day active users (a login that day / in the 7 / 28 days ending that
-- day) for every date from the first signup to as_of_date and every filter combination.
--
-- Exact distinct counts without a date-by-user cross join: for each user, each login date d
-- opens a stretch of days on which the user counts in a window of n days, from d to the day
-- before the window would need a newer login (d + n - 1, or the day before the next login
-- date, whichever is first). The stretches of one user never overlap, so the users counted
-- on a day are the stretches covering it: a +1 where a stretch starts, a -1 after it ends,
-- and a running sum over the dates. Never a sum of daily counts.
with

segments as (

    select * from {{ ref('int_app_user_segments_expanded') }}

),

login_days as (

    select
        user_id,
        activity_date,
        lead(activity_date) over (partition by user_id order by activity_date) as next_login_date
    from {{ ref('int_app_user_activity_daily') }}
    where
        has_login
        and activity_date <= {{ as_of_date() }}

),

windows as (

    select window_days from (values (1), (7), (28)) as windows (window_days)

),

stretches as (

    select
        login_days.user_id,
        windows.window_days,
        login_days.activity_date as starts_on,
        least(
            login_days.activity_date + windows.window_days,
            coalesce(login_days.next_login_date, login_days.activity_date + windows.window_days)
        ) as ends_before
    from login_days
    cross join windows

),

first_date as (

    select min(signup_date) as first_date from segments

),

deltas as (

    -- a change dated before the first date (a login before any signup) applies from it
    select
        segments.account_filter,
        segments.intent_category,
        greatest(changes.on_date, first_date.first_date) as on_date,
        sum(changes.delta) filter (where stretches.window_days = 1) as dau_delta,
        sum(changes.delta) filter (where stretches.window_days = 7) as wau_delta,
        sum(changes.delta) filter (where stretches.window_days = 28) as mau_delta
    from stretches
    cross join
        lateral (
            values (stretches.starts_on, 1), (stretches.ends_before, -1)
        ) as changes (on_date, delta)
    inner join segments
        on stretches.user_id = segments.user_id
    cross join first_date
    group by 1, 2, 3

),

dates as (

    select spine.date_day as activity_date
    from first_date
    cross join lateral ({{ date_spine("first_date.first_date", as_of_date(), "day") }}) as spine

),

combinations as (

    select distinct
        account_filter,
        intent_category
    from segments

),

running as (

    select
        dates.activity_date,
        combinations.account_filter,
        combinations.intent_category,
        sum(coalesce(deltas.dau_delta, 0)) over per_combination as dau,
        sum(coalesce(deltas.wau_delta, 0)) over per_combination as wau,
        sum(coalesce(deltas.mau_delta, 0)) over per_combination as mau_28d
    from dates
    cross join combinations
    left join deltas
        on combinations.account_filter = deltas.account_filter
        and combinations.intent_category = deltas.intent_category
        and dates.activity_date = deltas.on_date
    window per_combination as (
        partition by combinations.account_filter, combinations.intent_category
        order by dates.activity_date
        rows between unbounded preceding and current row
    )

),

final as (

    select
        activity_date,
        account_filter,
        intent_category,
        dau::int as dau,
        wau::int as wau,
        mau_28d::int as mau_28d,
        {{ rate('dau', 'mau_28d') }} as stickiness
    from running

)

select * from final

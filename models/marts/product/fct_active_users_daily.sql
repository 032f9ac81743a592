-- Daily, weekly and 28-day active users (a login that day / in the 7 / 28 days ending that
-- day) for every date from the first signup to as_of_date and every filter combination.
--
-- Exact distinct counts without a date-by-user cross join. For a window of n days, a user
-- counts on day x when they logged in on one of the n days ending x. Chain a user's login
-- dates into runs where consecutive logins are less than n days apart: a run from its first
-- login a to its last login b covers exactly the days a .. b + n - 1, and two runs of one
-- user never overlap. So the users counted on a day are the runs covering it: +1 on each
-- run's first day, -1 n days after its last login, and a running sum over the dates. Never
-- a sum of daily counts. The +1s and -1s are added up per user group and then per filter
-- combination (groups never share a user).
--
-- Incremental (replace_from on activity_date): a build recomputes the days from
-- active_users_recompute_from() to as_of_date (the first day a login written since the last
-- build, a moved as_of_date or a moved membership can change) and keeps the earlier ones.
-- It reads only the logins of the 27 days before that day and after: a day's counts depend
-- on no older login.
{{
    config(
        incremental_strategy='replace_from',
        replace_from={'column': 'activity_date', 'start': 'active_users_recompute_from'},
        meta={'written_rows': {'column': 'activity_date', 'from': 'active_users_recompute_from'}},
        post_hook=["{{ product_record_build() }}"],
    )
}}

with
{% if is_incremental() %}
recompute as (

    select {{ active_users_recompute_from() }} as recompute_from

),
{% endif %}

users as (

    select
        user_id,
        signup_date,
        email_validated,
        intent_category as user_intent_category
    from {{ ref('int_app_users_enriched') }}
    where signup_date <= {{ as_of_date() }}

),

filter_map as (

    select * from {{ ref('int_app_filter_combinations_mapped') }}

),

login_days as (

    select
        activity.user_id,
        activity.activity_date,
        {{ dbt.datediff('lag(activity.activity_date) over per_user', 'activity.activity_date', 'day') }}
            as days_since_previous,
        {{ dbt.datediff('activity.activity_date', 'lead(activity.activity_date) over per_user', 'day') }}
            as days_to_next
    from {{ ref('int_app_user_activity_daily') }} as activity
    where
        activity.has_login
        and activity.activity_date <= {{ as_of_date() }}
        {% if is_incremental() %}
        and activity.activity_date >= (select recompute.recompute_from - 27 from recompute)
        {% endif %}
    window per_user as (partition by activity.user_id order by activity.activity_date)

),

changes as (

    -- a run starts on a login with no login in the n - 1 days before it ...
    select
        user_id,
        activity_date as on_date,
        1 as dau_delta,
        case when coalesce(days_since_previous, 7) >= 7 then 1 else 0 end as wau_delta,
        case when coalesce(days_since_previous, 28) >= 28 then 1 else 0 end as mau_delta
    from login_days
    -- ... and ends n days after a login with no login in the n - 1 days after it
    union all
    select
        user_id,
        activity_date + 1 as on_date,
        -1 as dau_delta,
        0 as wau_delta,
        0 as mau_delta
    from login_days
    union all
    select
        user_id,
        activity_date + 7 as on_date,
        0 as dau_delta,
        -1 as wau_delta,
        0 as mau_delta
    from login_days
    where coalesce(days_to_next, 7) >= 7
    union all
    select
        user_id,
        activity_date + 28 as on_date,
        0 as dau_delta,
        0 as wau_delta,
        -1 as mau_delta
    from login_days
    where coalesce(days_to_next, 28) >= 28

),

first_date as (

    -- an incremental build starts its running sums 27 days before the first day it keeps
    select
        {{ 'greatest(min(users.signup_date), min(recompute.recompute_from) - 27)' if is_incremental()
            else 'min(users.signup_date)' }} as first_date
    from users
    {{ 'cross join recompute' if is_incremental() }}

),

group_deltas as (

    -- per user group and date; a change dated before the first date (a login before any
    -- signup) applies from the first date
    select
        users.email_validated,
        users.user_intent_category,
        greatest(changes.on_date, first_date.first_date) as on_date,
        sum(changes.dau_delta) as dau_delta,
        sum(changes.wau_delta) as wau_delta,
        sum(changes.mau_delta) as mau_delta
    from changes
    inner join users
        on changes.user_id = users.user_id
    cross join first_date
    group by 1, 2, 3

),

deltas as (

    {{ rollup_to_filters('group_deltas', keys=['on_date'], sums=['dau_delta', 'wau_delta', 'mau_delta']) }}

),

dates as (

    select spine.date_day as activity_date
    from first_date
    cross join lateral ({{ date_spine("first_date.first_date", as_of_date(), "day") }}) as spine

),

combinations as (

    select distinct
        filter_map.account_filter,
        filter_map.intent_category
    from filter_map
    inner join users
        on
        filter_map.email_validated = users.email_validated
        and filter_map.user_intent_category = users.user_intent_category

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
        on
        combinations.account_filter = deltas.account_filter
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
    {% if is_incremental() %}
    where activity_date >= (select recompute.recompute_from from recompute)
    {% endif %}

)

select * from final

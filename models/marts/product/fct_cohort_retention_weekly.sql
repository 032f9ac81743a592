-- Weekly signup cohorts: one row per cohort week, week since signup (0 up to the week that
-- contains as_of_date) and filter combination with at least one member, zero-filled.
-- A week's number is (Monday of the activity's local week - cohort week) / 7; activity
-- before signup counts in week 0. Engagement is a login, a dashboard view or a statement
-- upload (transaction rows with an upload session created that week). Members are counted
-- per user group and summed per combination: groups never share a user.
with

users as (

    select
        user_id,
        signup_week,
        is_activated,
        email_validated,
        intent_category as user_intent_category
    from {{ ref('int_app_users_enriched') }}
    where signup_date <= {{ as_of_date() }}

),

filter_map as (

    select * from {{ ref('int_app_filter_combinations_mapped') }}

),

activity as (

    select * from {{ ref('int_app_user_activity_daily') }}
    where
        activity_date <= {{ as_of_date() }}
        and (has_login or has_dashboard_access or has_upload)

),

group_cohorts as (

    select
        signup_week as cohort_week,
        email_validated,
        user_intent_category,
        count(*) as cohort_size,
        count(*) filter (where is_activated) as activated_users
    from users
    group by 1, 2, 3

),

cohorts as (

    {{ rollup_to_filters('group_cohorts', keys=['cohort_week'], sums=['cohort_size', 'activated_users']) }}

),

grid as (

    select
        cohorts.*,
        -- an integer everywhere: DuckDB's series is a bigint, which it cannot add to a date
        weeks.weeks_since_signup::int as weeks_since_signup
    from cohorts
    cross join lateral {{
        integer_series(0, int_divide(dbt.datediff('cohorts.cohort_week', week_start(as_of_date()), 'day'), 7))
    }} as weeks (weeks_since_signup)

),

user_weeks as (

    -- one row per user and week number with what they did that week
    select
        activity.user_id,
        greatest(
            {{ int_divide(dbt.datediff('users.signup_week', week_start('activity.activity_date'), 'day'), 7) }}, 0
        ) as weeks_since_signup,
        bool_or(activity.has_login) as has_login,
        bool_or(activity.has_dashboard_access) as has_dashboard_access,
        bool_or(activity.has_upload) as has_upload
    from activity
    inner join users
        on activity.user_id = users.user_id
    group by 1, 2

),

group_weeks as (

    select
        users.signup_week as cohort_week,
        user_weeks.weeks_since_signup,
        users.email_validated,
        users.user_intent_category,
        count(*) as active_users,
        count(*) filter (where user_weeks.has_login) as login_users,
        count(*) filter (where user_weeks.has_dashboard_access) as dashboard_users,
        count(*) filter (where user_weeks.has_upload) as upload_users
    from user_weeks
    inner join users
        on user_weeks.user_id = users.user_id
    group by 1, 2, 3, 4

),

weekly as (

    {{ rollup_to_filters(
        'group_weeks',
        keys=['cohort_week', 'weeks_since_signup'],
        sums=['active_users', 'login_users', 'dashboard_users', 'upload_users'],
    ) }}

),

final as (

    select
        grid.cohort_week,
        grid.weeks_since_signup,
        grid.account_filter,
        grid.intent_category,
        grid.cohort_size::int as cohort_size,
        grid.activated_users::int as activated_users,
        coalesce(weekly.active_users, 0)::int as active_users,
        coalesce(weekly.login_users, 0)::int as login_users,
        coalesce(weekly.dashboard_users, 0)::int as dashboard_users,
        coalesce(weekly.upload_users, 0)::int as upload_users,
        {{ rate('coalesce(weekly.active_users, 0)', 'grid.cohort_size') }} as retention_rate,
        grid.cohort_week + 7 * grid.weeks_since_signup + 6 < {{ as_of_date() }} as is_complete_period
    from grid
    left join weekly
        on
        grid.cohort_week = weekly.cohort_week
        and grid.weeks_since_signup = weekly.weeks_since_signup
        and grid.account_filter = weekly.account_filter
        and grid.intent_category = weekly.intent_category

)

select * from final

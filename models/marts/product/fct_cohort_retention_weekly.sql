-- Weekly signup cohorts: one row per cohort week, week since signup (0 up to the week that
-- contains as_of_date) and filter combination with at least one member, zero-filled.
-- A week's number is (Monday of the activity's local week - cohort week) / 7; activity
-- before signup counts in week 0. Engagement is a login, a dashboard view or a statement
-- upload (transaction rows with an upload session created that week). Members are counted
-- per user group and summed per combination: groups never share a user.
--
-- Incremental (replace_partitions by cohort_week and weeks_since_signup): a build
-- recomputes only the cells (cohort, week) that changed since its last build
-- (touched_cells below) and keeps the others: the cells of activity rows written since and
-- of uploads a written transaction replaced, every cell of a cohort whose members moved
-- (users who arrived since, signups a moved as_of_date lets in or out), every cell from the
-- week of the earlier of the old and new as_of_date on; cells no longer in the grid are
-- removed. Every cell when nothing is recorded about the last build. A recomputed week
-- reads only that week's activity (the activity_date index), a recomputed week 0 the
-- activity of its cohort's members up to the end of the signup week.
-- depends_on: {{ ref('int_app_transactions_unioned') }}
{{
    config(
        incremental_strategy='replace_partitions',
        replace_partitions={'columns': ['cohort_week', 'weeks_since_signup'], 'marker': 'account_filter'},
        post_hook=["{{ product_record_build() }}"],
    )
}}

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

-- read twice by an incremental build, each time through its own index
activity as {{ not_materialized() }} (

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

{% if is_incremental() %}
last_build as (

    select
        {{ product_last_build('built_at') }} as built_at,
        {{ product_last_build('as_of_date') }} as as_of_date

),

bounds as {{ not_materialized() }} (

    select
        last_build.built_at,
        last_build.as_of_date as built_as_of_date,
        least(last_build.as_of_date, {{ as_of_date() }}) as low_as_of_date
    from last_build

),

written_days as (

    -- days whose activity changed: activity rows written since, and the upload days of
    -- rows a written transaction replaced (an activity row that lost its only upload is
    -- gone, not written)
    select
        written.user_id,
        written.activity_date
    from {{ ref('int_app_user_activity_daily') }} as written
    cross join bounds
    where written.loaded_at > bounds.built_at
    union
    select
        replacing.replaced_user_id,
        {{ local_date('replacing.replaced_created_at') }}
    from {{ ref('int_app_transactions_unioned') }} as replacing
    cross join bounds
    where
        replacing.loaded_at > bounds.built_at
        and replacing.replaces_unchanged is not true
        and replacing.replaced_user_id is not null
        and replacing.replaced_created_at is not null

),

built_cohorts as (

    select
        cohort_week,
        account_filter,
        intent_category,
        cohort_size,
        activated_users
    from {{ this }}
    where weeks_since_signup = 0

),

moved_cohorts as (

    -- cohorts whose members per filter combination differ from the built ones
    select coalesce(cohorts.cohort_week, built_cohorts.cohort_week) as cohort_week
    from cohorts
    full outer join built_cohorts
        on
        cohorts.cohort_week = built_cohorts.cohort_week
        and cohorts.account_filter = built_cohorts.account_filter
        and cohorts.intent_category = built_cohorts.intent_category
    where
        cohorts.cohort_size is distinct from built_cohorts.cohort_size
        or cohorts.activated_users is distinct from built_cohorts.activated_users

),

touched_cells as (

    select
        users.signup_week as cohort_week,
        greatest(
            {{ int_divide(dbt.datediff('users.signup_week', week_start('written_days.activity_date'), 'day'), 7) }}, 0
        ) as weeks_since_signup
    from written_days
    inner join users
        on written_days.user_id = users.user_id
    where written_days.activity_date <= {{ as_of_date() }}
    union
    select
        grid.cohort_week,
        grid.weeks_since_signup
    from grid
    cross join bounds
    where
        bounds.built_at is null
        or bounds.built_as_of_date is null
        or grid.cohort_week + 7 * grid.weeks_since_signup >= {{ week_start('bounds.low_as_of_date') }}
        or grid.cohort_week in (select moved_cohorts.cohort_week from moved_cohorts)
    union
    -- cells the mart holds that left the grid (after a smaller as_of_date)
    select
        built.cohort_week,
        built.weeks_since_signup
    from {{ this }} as built
    where not exists (
        select 1 from grid
        where grid.cohort_week = built.cohort_week and grid.weeks_since_signup = built.weeks_since_signup
    )

),

touched_weeks as (

    select distinct touched_cells.cohort_week + 7 * touched_cells.weeks_since_signup as week_start
    from touched_cells
    where touched_cells.weeks_since_signup > 0

),

touched_cohorts as (

    select distinct touched_cells.cohort_week
    from touched_cells
    where touched_cells.weeks_since_signup = 0

),

scoped_activity as (

    -- weeks after the signup week: the touched weeks' activity (the activity_date index)
    select activity.*
    from activity
    inner join touched_weeks
        on
        activity.activity_date >= touched_weeks.week_start
        and activity.activity_date < touched_weeks.week_start + 7
    union all
    -- week 0: all activity of the cohort's members up to the end of the signup week
    select activity.*
    from activity
    inner join users
        on activity.user_id = users.user_id
    inner join touched_cohorts
        on users.signup_week = touched_cohorts.cohort_week
    where activity.activity_date < touched_cohorts.cohort_week + 7

),

{% else %}

scoped_activity as (

    select * from activity

),

{% endif %}
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
    from scoped_activity as activity
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
    {% if is_incremental() %}
    inner join touched_cells
        on
        grid.cohort_week = touched_cells.cohort_week
        and grid.weeks_since_signup = touched_cells.weeks_since_signup
    {% endif %}
    left join weekly
        on
        grid.cohort_week = weekly.cohort_week
        and grid.weeks_since_signup = weekly.weeks_since_signup
        and grid.account_filter = weekly.account_filter
        and grid.intent_category = weekly.intent_category

)

{% if is_incremental() %}
,

tombstones as (

    -- one row per touched cell with no account_filter: the cell's old rows are deleted
    -- (replace_partitions), the tombstone itself is not inserted
    select
        touched_cells.cohort_week,
        touched_cells.weeks_since_signup,
        null::{{ dbt.type_string() }} as account_filter,
        null::{{ dbt.type_string() }} as intent_category,
        null::integer as cohort_size,
        null::integer as activated_users,
        null::integer as active_users,
        null::integer as login_users,
        null::integer as dashboard_users,
        null::integer as upload_users,
        null::numeric(9, 6) as retention_rate,
        null::boolean as is_complete_period
    from touched_cells

)

select * from final
union all
select * from tombstones
{% else %}

select * from final
{% endif %}

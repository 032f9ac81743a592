-- One row per calendar month (reporting time zone) from the month of the first signup to
-- the month of as_of_date, for every filter combination that has at least one user.
-- Every distinct count is computed per combination from user-level rows, never summed.
with

segments as (

    select * from {{ ref('int_app_user_segments_expanded') }}

),

activity as (

    select * from {{ ref('int_app_user_activity_daily') }}
    where
        activity_date <= {{ as_of_date() }}
        and (has_login or has_dashboard_access)

),

transactions as (

    select * from {{ ref('int_app_transactions_unioned') }}
    where
        not is_orphan
        and transaction_date <= {{ as_of_date() }}
        and (created_at is null or created_at < {{ end_of_as_of_date() }})

),

months as (

    select spine.date_month as month_start
    from ({{ date_spine("(select min(signup_date) from segments)", as_of_date(), "month") }}) as spine

),

combinations as (

    select distinct
        account_filter,
        intent_category
    from segments

),

grid as (

    select
        months.month_start,
        (months.month_start + interval '1 month')::date - 1 as month_end,
        combinations.account_filter,
        combinations.intent_category
    from months
    cross join combinations

),

signups as (

    select
        {{ month_start('signup_date') }} as month_start,
        account_filter,
        intent_category,
        count(*) as new_users,
        count(*) filter (where is_active) as new_active_accounts
    from segments
    group by 1, 2, 3

),

user_counts as (

    -- total users at a month's end = every signup up to then: a running sum of signups
    select
        grid.month_start,
        grid.account_filter,
        grid.intent_category,
        coalesce(signups.new_users, 0) as new_users,
        sum(coalesce(signups.new_users, 0)) over running as total_users,
        sum(coalesce(signups.new_active_accounts, 0)) over running as active_accounts
    from grid
    left join signups
        on grid.month_start = signups.month_start
        and grid.account_filter = signups.account_filter
        and grid.intent_category = signups.intent_category
    window running as (
        partition by grid.account_filter, grid.intent_category
        order by grid.month_start
        rows between unbounded preceding and current row
    )

),

engagement as (

    select
        {{ month_start('activity.activity_date') }} as month_start,
        segments.account_filter,
        segments.intent_category,
        count(distinct activity.user_id) filter (where activity.has_login) as mau,
        count(distinct activity.user_id) filter (where activity.has_dashboard_access) as dashboard_users
    from activity
    inner join segments
        on activity.user_id = segments.user_id
    group by 1, 2, 3

),

transaction_counts as (

    select
        {{ month_start('transactions.transaction_date') }} as month_start,
        segments.account_filter,
        segments.intent_category,
        count(*) as transactions,
        count(distinct transactions.upload_session_id) as statement_uploads,
        count(distinct transactions.bank_account) as unique_banks
    from transactions
    inner join segments
        on transactions.user_id = segments.user_id
    group by 1, 2, 3

),

final as (

    select
        grid.month_start,
        grid.account_filter,
        grid.intent_category,
        coalesce(user_counts.total_users, 0)::int as total_users,
        coalesce(user_counts.new_users, 0)::int as new_users,
        coalesce(user_counts.active_accounts, 0)::int as active_accounts,
        coalesce(engagement.mau, 0)::int as mau,
        coalesce(engagement.dashboard_users, 0)::int as dashboard_users,
        coalesce(transaction_counts.transactions, 0)::int as transactions,
        coalesce(transaction_counts.statement_uploads, 0)::int as statement_uploads,
        coalesce(transaction_counts.unique_banks, 0)::int as unique_banks,
        grid.month_end < {{ as_of_date() }} as is_complete_period
    from grid
    left join user_counts
        on grid.month_start = user_counts.month_start
        and grid.account_filter = user_counts.account_filter
        and grid.intent_category = user_counts.intent_category
    left join engagement
        on grid.month_start = engagement.month_start
        and grid.account_filter = engagement.account_filter
        and grid.intent_category = engagement.intent_category
    left join transaction_counts
        on grid.month_start = transaction_counts.month_start
        and grid.account_filter = transaction_counts.account_filter
        and grid.intent_category = transaction_counts.intent_category

)

select * from final

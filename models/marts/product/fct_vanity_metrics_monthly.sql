-- One row per calendar month (reporting time zone) from the month of the first signup to
-- the month of as_of_date, for every filter combination that has at least one user.
--
-- Users are counted per group (email_validated, intent): every user is in exactly one
-- group, so a combination's user count is the sum of its groups' counts, exactly. Upload
-- sessions and banks can be shared by users, so they are counted distinct per combination.
with

users as (

    select
        user_id,
        signup_date,
        is_active,
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
        and (has_login or has_dashboard_access)

),

transactions as (

    select * from {{ ref('int_app_transactions_unioned') }}
    where
        not is_orphan
        and transaction_date <= {{ as_of_date() }}
        and (created_at is null or created_at < {{ end_of_as_of_date() }})

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

months as (

    select spine.date_month as month_start
    from ({{ date_spine("(select min(signup_date) from users)", as_of_date(), "month") }}) as spine

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

group_signups as (

    select
        {{ month_start('signup_date') }} as month_start,
        email_validated,
        user_intent_category,
        count(*) as new_users,
        count(*) filter (where is_active) as new_active_accounts
    from users
    group by 1, 2, 3

),

user_months as (

    select
        activity.user_id,
        {{ month_start('activity.activity_date') }} as month_start,
        bool_or(activity.has_login) as has_login,
        bool_or(activity.has_dashboard_access) as has_dashboard_access
    from activity
    group by 1, 2

),

group_engagement as (

    select
        user_months.month_start,
        users.email_validated,
        users.user_intent_category,
        count(*) filter (where user_months.has_login) as mau,
        count(*) filter (where user_months.has_dashboard_access) as dashboard_users
    from user_months
    inner join users
        on user_months.user_id = users.user_id
    group by 1, 2, 3

),

group_transactions as (

    select
        {{ month_start('transactions.transaction_date') }} as month_start,
        users.email_validated,
        users.user_intent_category,
        count(*) as transactions
    from transactions
    inner join users
        on transactions.user_id = users.user_id
    group by 1, 2, 3

),

group_sessions as (

    select distinct
        {{ month_start('transactions.transaction_date') }} as month_start,
        users.email_validated,
        users.user_intent_category,
        transactions.upload_session_id
    from transactions
    inner join users
        on transactions.user_id = users.user_id
    where transactions.upload_session_id is not null

),

group_banks as (

    select distinct
        {{ month_start('transactions.transaction_date') }} as month_start,
        users.email_validated,
        users.user_intent_category,
        transactions.bank_account
    from transactions
    inner join users
        on transactions.user_id = users.user_id
    where transactions.bank_account is not null

),

signups as (

    {{ rollup_to_filters('group_signups', keys=['month_start'], sums=['new_users', 'new_active_accounts']) }}

),

engagement as (

    {{ rollup_to_filters('group_engagement', keys=['month_start'], sums=['mau', 'dashboard_users']) }}

),

transaction_counts as (

    {{ rollup_to_filters('group_transactions', keys=['month_start'], sums=['transactions']) }}

),

session_counts as (

    {{ rollup_to_filters(
        'group_sessions',
        keys=['month_start'],
        distinct_counts={'statement_uploads': 'upload_session_id'},
    ) }}

),

bank_counts as (

    {{ rollup_to_filters(
        'group_banks',
        keys=['month_start'],
        distinct_counts={'unique_banks': 'bank_account'},
    ) }}

),

user_counts as (

    -- users at a month's end = every signup up to then: a running sum of signups
    select
        grid.month_start,
        grid.account_filter,
        grid.intent_category,
        coalesce(signups.new_users, 0) as new_users,
        sum(coalesce(signups.new_users, 0)) over cumulative as total_users,
        sum(coalesce(signups.new_active_accounts, 0)) over cumulative as active_accounts
    from grid
    left join signups
        on
        grid.month_start = signups.month_start
        and grid.account_filter = signups.account_filter
        and grid.intent_category = signups.intent_category
    window cumulative as (
        partition by grid.account_filter, grid.intent_category
        order by grid.month_start
        rows between unbounded preceding and current row
    )

),

final as (

    select
        grid.month_start,
        grid.account_filter,
        grid.intent_category,
        user_counts.total_users::int as total_users,
        user_counts.new_users::int as new_users,
        user_counts.active_accounts::int as active_accounts,
        coalesce(engagement.mau, 0)::int as mau,
        coalesce(engagement.dashboard_users, 0)::int as dashboard_users,
        coalesce(transaction_counts.transactions, 0)::int as transactions,
        coalesce(session_counts.statement_uploads, 0)::int as statement_uploads,
        coalesce(bank_counts.unique_banks, 0)::int as unique_banks,
        grid.month_end < {{ as_of_date() }} as is_complete_period
    from grid
    inner join user_counts
        on
        grid.month_start = user_counts.month_start
        and grid.account_filter = user_counts.account_filter
        and grid.intent_category = user_counts.intent_category
    left join engagement
        on
        grid.month_start = engagement.month_start
        and grid.account_filter = engagement.account_filter
        and grid.intent_category = engagement.intent_category
    left join transaction_counts
        on
        grid.month_start = transaction_counts.month_start
        and grid.account_filter = transaction_counts.account_filter
        and grid.intent_category = transaction_counts.intent_category
    left join session_counts
        on
        grid.month_start = session_counts.month_start
        and grid.account_filter = session_counts.account_filter
        and grid.intent_category = session_counts.intent_category
    left join bank_counts
        on
        grid.month_start = bank_counts.month_start
        and grid.account_filter = bank_counts.account_filter
        and grid.intent_category = bank_counts.intent_category

)

select * from final

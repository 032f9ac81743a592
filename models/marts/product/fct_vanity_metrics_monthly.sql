-- One row per calendar month (reporting time zone) from the month of the first signup to
-- the month of as_of_date, for every filter combination that has at least one user.
--
-- Users are counted per group (email_validated, intent): every user is in exactly one
-- group, so a combination's user count is the sum of its groups' counts, exactly. Upload
-- sessions and banks can be shared by users, so they are counted distinct per combination.
--
-- Incremental (replace_partitions by month_start): a build recomputes only the months that
-- changed since its last build (recompute_months below) and keeps the others: months of
-- activity and transaction rows written since (and of the rows those replaced), the month of
-- the earlier of the old and new as_of_date and every month after it, the months of
-- transactions whose upload day a moved as_of_date lets in or out, the months of activity
-- and transactions of users whose signup lies between the two as_of_dates, and from the first month
-- whose signups differ from the built ones on (total_users is a running sum). Every month
-- when nothing is recorded about the last build or the filter combinations moved. A
-- recomputed month reads only its own activity and transactions (the date indexes).
{{
    config(
        incremental_strategy='replace_partitions',
        replace_partitions={'columns': ['month_start'], 'marker': 'account_filter'},
        post_hook=["{{ product_record_build() }}"],
    )
}}

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

signups as (

    {{ rollup_to_filters('group_signups', keys=['month_start'], sums=['new_users', 'new_active_accounts']) }}

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
        least(last_build.as_of_date, {{ as_of_date() }}) as low_as_of_date,
        greatest(last_build.as_of_date, {{ as_of_date() }}) as high_as_of_date
    from last_build

),

built_combinations as (

    select distinct
        account_filter,
        intent_category
    from {{ this }}

),

moved_combinations as (

    -- a combination that gained its first member or lost its last
    select count(*) as moved
    from combinations
    full outer join built_combinations
        on
        combinations.account_filter = built_combinations.account_filter
        and combinations.intent_category = built_combinations.intent_category
    where combinations.account_filter is null or built_combinations.account_filter is null

),

written_transactions as (

    select
        written.user_id,
        written.is_orphan,
        written.transaction_date,
        written.replaced_user_id,
        written.replaced_transaction_date
    from {{ ref('int_app_transactions_unioned') }} as written
    cross join bounds
    where written.loaded_at > bounds.built_at and written.replaces_unchanged is not true

),

built_signups as (

    select
        month_start,
        account_filter,
        intent_category,
        new_users
    from {{ this }}
    where new_users > 0

),

signup_moves as (

    -- the first month whose signups per filter combination differ from the built ones
    -- (users who arrived since, signups a moved as_of_date lets in or out, a user whose
    -- group changed)
    select min(coalesce(signups.month_start, built_signups.month_start)) as month_start
    from signups
    full outer join built_signups
        on
        signups.month_start = built_signups.month_start
        and signups.account_filter = built_signups.account_filter
        and signups.intent_category = built_signups.intent_category
    where coalesce(signups.new_users, 0) != coalesce(built_signups.new_users, 0)

),

touched_months as (

    select {{ month_start('written.activity_date') }} as month_start
    from {{ ref('int_app_user_activity_daily') }} as written
    cross join bounds
    where written.loaded_at > bounds.built_at and (written.has_login or written.has_dashboard_access)
    union
    select {{ month_start('written_transactions.transaction_date') }}
    from written_transactions
    where not written_transactions.is_orphan
    union
    select {{ month_start('written_transactions.replaced_transaction_date') }}
    from written_transactions
    where written_transactions.replaced_user_id is not null
    union
    -- transactions whose upload day a moved as_of_date lets in or out
    select {{ month_start('moved.transaction_date') }}
    from {{ ref('int_app_transactions_unioned') }} as moved
    cross join bounds
    where
        moved.created_at >= {{ local_timestamp_start('bounds.low_as_of_date + 1') }}
        and moved.created_at < {{ local_timestamp_start('bounds.high_as_of_date + 1') }}
        and not moved.is_orphan
    union
    -- the activity and transaction months of users whose signup lies between the old and
    -- the new as_of_date (they join or leave every count)
    select {{ month_start('moved.activity_date') }}
    from {{ ref('int_app_user_activity_daily') }} as moved
    inner join {{ ref('int_app_users_enriched') }} as moved_users
        on moved.user_id = moved_users.user_id
    cross join bounds
    where
        moved_users.signup_date > bounds.low_as_of_date
        and moved_users.signup_date <= bounds.high_as_of_date
        and (moved.has_login or moved.has_dashboard_access)
    union
    select {{ month_start('moved.transaction_date') }}
    from {{ ref('int_app_transactions_unioned') }} as moved
    inner join {{ ref('int_app_users_enriched') }} as moved_users
        on moved.user_id = moved_users.user_id
    cross join bounds
    where
        moved_users.signup_date > bounds.low_as_of_date
        and moved_users.signup_date <= bounds.high_as_of_date
        and not moved.is_orphan
    union
    -- the month to date of the earlier as_of_date and every later one, from the first month
    -- whose signups moved on, and every month when the last build is unknown or the
    -- combinations moved
    select months.month_start
    from months
    cross join bounds
    where
        bounds.built_at is null
        or bounds.built_as_of_date is null
        or months.month_start >= {{ month_start('bounds.low_as_of_date') }}
        or months.month_start >= (select signup_moves.month_start from signup_moves)
        or (select moved_combinations.moved from moved_combinations) > 0
    union
    -- months the mart holds that are gone (after a smaller as_of_date, before the first signup)
    select built.month_start
    from {{ this }} as built
    where built.month_start not in (select months.month_start from months)

),

recompute_months as (

    select
        month_start,
        ({{ dbt.dateadd('month', 1, 'month_start') }})::date as next_month_start
    from touched_months
    where month_start is not null

),

{% endif %}
activity as (

    select activity.*
    from {{ ref('int_app_user_activity_daily') }} as activity
    where
        activity.activity_date <= {{ as_of_date() }}
        and (activity.has_login or activity.has_dashboard_access)
        {% if is_incremental() %}  -- noqa: LT02
        -- from the first recomputed month on (the activity_date index), in a recomputed month
        and activity.activity_date >= (select min(recompute_months.month_start) from recompute_months)
        and {{ month_start('activity.activity_date') }} in (select recompute_months.month_start from recompute_months)
    {% endif %}

),

transactions as (

    select unified.*
    from {{ ref('int_app_transactions_unioned') }} as unified
    where
        not unified.is_orphan
        and unified.transaction_date <= {{ as_of_date() }}
        and (unified.created_at is null or unified.created_at < {{ end_of_as_of_date() }})
        {% if is_incremental() %}  -- noqa: LT02
        -- from the first recomputed month on (the transaction_date index), in a recomputed month
        and unified.transaction_date >= (select min(recompute_months.month_start) from recompute_months)
        and {{ month_start('unified.transaction_date') }} in (select recompute_months.month_start from recompute_months)
    {% endif %}

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
    {% if is_incremental() %}
    inner join recompute_months
        on grid.month_start = recompute_months.month_start
    {% endif %}
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

{% if is_incremental() %}
,

tombstones as (

    -- one row per recomputed month with no account_filter: the month's old rows are deleted
    -- (replace_partitions), the tombstone itself is not inserted
    select
        recompute_months.month_start,
        null::{{ dbt.type_string() }} as account_filter,
        null::{{ dbt.type_string() }} as intent_category,
        null::integer as total_users,
        null::integer as new_users,
        null::integer as active_accounts,
        null::integer as mau,
        null::integer as dashboard_users,
        null::integer as transactions,
        null::integer as statement_uploads,
        null::integer as unique_banks,
        null::boolean as is_complete_period
    from recompute_months

)

select * from final
union all
select * from tombstones
{% else %}

select * from final
{% endif %}

-- One row per app user who signed up by as_of_date (the Customer Data API): attributes,
-- onboarding, and engagement and transactions known by the end of as_of_date.
with

users as (

    select * from {{ ref('int_app_users_enriched') }}
    where signup_date <= {{ as_of_date() }}

),

activity as (

    select * from {{ ref('int_app_user_activity_daily') }}
    where activity_date <= {{ as_of_date() }}

),

transactions as (

    select * from {{ ref('int_app_transactions_unioned') }}
    where
        not is_orphan
        and transaction_date <= {{ as_of_date() }}
        and (created_at is null or created_at < {{ end_of_as_of_date() }})

),

engagement as (

    select
        user_id,
        min(first_login_at) as first_login_at,
        max(last_login_at) as last_login_at,
        count(*) filter (where has_login) as login_days,
        count(distinct {{ month_start('activity_date') }}) filter (where has_login) as login_months,
        sum(dashboard_accesses) as dashboard_access_count
    from activity
    group by 1

),

transaction_totals as (

    select
        user_id,
        count(distinct upload_session_id) as statement_uploads,
        count(*) as transaction_count,
        count(distinct bank_account) as unique_banks,
        min(transaction_date) as first_transaction_date,
        max(transaction_date) as last_transaction_date
    from transactions
    group by 1

),

final as (

    select
        users.user_id,
        users.signup_at,
        users.signup_date,
        users.signup_week,
        users.is_active,
        users.email_validated,
        users.intent_category,
        users.onboarding_last_step,
        users.onboarding_completed_at,
        users.is_activated,
        engagement.first_login_at,
        engagement.last_login_at,
        coalesce(engagement.login_days, 0)::int as login_days,
        coalesce(engagement.login_months, 0)::int as login_months,
        coalesce(engagement.dashboard_access_count, 0)::int as dashboard_access_count,
        coalesce(transaction_totals.statement_uploads, 0)::int as statement_uploads,
        coalesce(transaction_totals.transaction_count, 0)::int as transaction_count,
        coalesce(transaction_totals.unique_banks, 0)::int as unique_banks,
        transaction_totals.first_transaction_date,
        transaction_totals.last_transaction_date
    from users
    left join engagement
        on users.user_id = engagement.user_id
    left join transaction_totals
        on users.user_id = transaction_totals.user_id

)

select * from final

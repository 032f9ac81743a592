-- One row per app user who signed up by as_of_date (the Customer Data API): attributes,
-- onboarding, and engagement and transactions known by the end of as_of_date.
--
-- Incremental (replace_partitions by user_id): a build recomputes only the users that
-- changed since its last build (touched_users below) and keeps the others: owners of
-- activity and transaction rows written since (and of the rows those replaced), users with
-- activity or transactions between the old and the new as_of_date (or uploaded between
-- them), users not in the dim yet or whose attributes differ from it (a late onboarding
-- row); the users the dim holds who signed up after as_of_date
-- are removed. Everyone when nothing is recorded about the last build. A recomputed user
-- reads only their own activity and transactions (the per-user indexes).
{{
    config(
        incremental_strategy='replace_partitions',
        replace_partitions={'columns': ['user_id'], 'marker': 'signup_at'},
        post_hook=["{{ product_record_build() }}"],
    )
}}

with

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

written_transactions as (

    select
        written.user_id,
        written.is_orphan,
        written.replaced_user_id
    from {{ ref('int_app_transactions_unioned') }} as written
    cross join bounds
    where written.loaded_at > bounds.built_at and written.replaces_unchanged is not true

),

touched_users as (

    select written.user_id
    from {{ ref('int_app_user_activity_daily') }} as written
    cross join bounds
    where written.loaded_at > bounds.built_at
    union
    select written_transactions.user_id
    from written_transactions
    where not written_transactions.is_orphan
    union
    select written_transactions.replaced_user_id
    from written_transactions
    where written_transactions.replaced_user_id is not null
    union
    -- what a moved as_of_date lets in or out
    select moved.user_id
    from {{ ref('int_app_user_activity_daily') }} as moved
    cross join bounds
    where moved.activity_date > bounds.low_as_of_date and moved.activity_date <= bounds.high_as_of_date
    union
    select moved.user_id
    from {{ ref('int_app_transactions_unioned') }} as moved
    cross join bounds
    where
        moved.transaction_date > bounds.low_as_of_date
        and moved.transaction_date <= bounds.high_as_of_date
        and not moved.is_orphan
    union
    select moved.user_id
    from {{ ref('int_app_transactions_unioned') }} as moved
    cross join bounds
    where
        moved.created_at >= {{ local_timestamp_start('bounds.low_as_of_date + 1') }}
        and moved.created_at < {{ local_timestamp_start('bounds.high_as_of_date + 1') }}
        and not moved.is_orphan
    union
    -- users not in the dim yet, and everyone when the last build is unknown
    select members.user_id
    from {{ ref('int_app_users_enriched') }} as members
    cross join bounds
    where
        members.signup_date <= {{ as_of_date() }}
        and (
            bounds.built_at is null
            or bounds.built_as_of_date is null
            -- not in the dim, or with other attributes (a late onboarding row)
            or not exists (
                select 1 from {{ this }} as built
                where
                    built.user_id = members.user_id
                    and built.signup_at = members.signup_at
                    and built.is_active = members.is_active
                    and built.email_validated = members.email_validated
                    and built.intent_category = members.intent_category
                    and built.onboarding_last_step = members.onboarding_last_step
                    and built.onboarding_completed_at is not distinct from members.onboarding_completed_at
                    and built.is_activated = members.is_activated
            )
        )
    union
    -- users the dim holds who signed up after as_of_date (the signup_week index)
    select built.user_id
    from {{ this }} as built
    where built.signup_week >= {{ week_start(as_of_date()) }} and built.signup_date > {{ as_of_date() }}

),
{% endif %}

users as (

    select members.*
    from {{ ref('int_app_users_enriched') }} as members
    {% if is_incremental() %}
    inner join touched_users
        on members.user_id = touched_users.user_id
    {% endif %}
    where members.signup_date <= {{ as_of_date() }}

),

activity as (

    select activity.*
    from {{ ref('int_app_user_activity_daily') }} as activity
    {% if is_incremental() %}
    inner join users
        on activity.user_id = users.user_id
    {% endif %}
    where activity.activity_date <= {{ as_of_date() }}

),

transactions as (

    select unified.*
    from {{ ref('int_app_transactions_unioned') }} as unified
    {% if is_incremental() %}
    inner join users
        on unified.user_id = users.user_id
    {% endif %}
    where
        not unified.is_orphan
        and unified.transaction_date <= {{ as_of_date() }}
        and (unified.created_at is null or unified.created_at < {{ end_of_as_of_date() }})

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

{% if is_incremental() %}
,

tombstones as (

    -- one row per touched user with no signup_at: the user's old row is deleted
    -- (replace_partitions), the tombstone itself is not inserted
    select
        touched_users.user_id,
        null::{{ type_timestamptz() }} as signup_at,
        null::date as signup_date,
        null::date as signup_week,
        null::boolean as is_active,
        null::boolean as email_validated,
        null::{{ dbt.type_string() }} as intent_category,
        null::integer as onboarding_last_step,
        null::{{ type_timestamptz() }} as onboarding_completed_at,
        null::boolean as is_activated,
        null::{{ type_timestamptz() }} as first_login_at,
        null::{{ type_timestamptz() }} as last_login_at,
        null::integer as login_days,
        null::integer as login_months,
        null::integer as dashboard_access_count,
        null::integer as statement_uploads,
        null::integer as transaction_count,
        null::integer as unique_banks,
        null::date as first_transaction_date,
        null::date as last_transaction_date
    from touched_users

)

select * from final
union all
select * from tombstones
{% else %}

select * from final
{% endif %}

-- The dashboard filters as rows: each user who signed up by as_of_date belongs to
-- (all_accounts, all) and (all_accounts, <their intent>), and when their email is
-- validated also to (validated_emails, all) and (validated_emails, <their intent>).
-- Marts join activity to this and count distinct users per combination, so every
-- combination is computed exactly, never summed from others.
{{ config(materialized='table') }}

with

users as (

    select * from {{ ref('int_app_users_enriched') }}
    where signup_date <= {{ as_of_date() }}

),

account_filters as (

    select
        users.user_id,
        'all_accounts' as account_filter
    from users
    union all
    select
        users.user_id,
        'validated_emails' as account_filter
    from users
    where users.email_validated

),

final as (

    select
        account_filters.user_id,
        account_filters.account_filter,
        intents.intent_category,
        users.signup_date,
        users.signup_week,
        users.is_active,
        users.is_activated,
        users.onboarding_last_step,
        users.onboarding_completed_at
    from account_filters
    inner join users
        on account_filters.user_id = users.user_id
    cross join lateral (
        values ('all'), (users.intent_category)
    ) as intents (intent_category)

)

select * from final

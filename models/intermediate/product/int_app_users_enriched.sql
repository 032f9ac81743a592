-- One row per app user with the attributes every product mart filters or groups by:
-- signup date and ISO week in the reporting time zone, account flags, intent category
-- (from the onboarding motivation through the seed) and onboarding progress.
with

users as (

    select * from {{ ref('stg_app__users') }}

),

onboarding as (

    select * from {{ ref('stg_app__onboarding_responses') }}

),

intent_map as (

    select * from {{ ref('motivation_intent_map') }}

),

final as (

    select
        users.user_id,
        users.signup_at,
        {{ local_date('users.signup_at') }} as signup_date,
        {{ week_start(local_date('users.signup_at')) }} as signup_week,
        users.is_active,
        users.email_validated,
        case
            when onboarding.user_id is null then 'unknown'
            else coalesce(intent_map.intent_category, 'other')
        end as intent_category,
        coalesce(onboarding.last_step, 0) as onboarding_last_step,
        onboarding.completed_at as onboarding_completed_at,
        coalesce(onboarding.completed_at < users.signup_at + interval '7 days', false) as is_activated
    from users
    left join onboarding
        on users.user_id = onboarding.user_id
    left join intent_map
        on onboarding.motivation_key = intent_map.motivation_key

)

select * from final

-- The onboarding funnel per weekly signup cohort and filter combination: how many members
-- reached each step (0 to 5) and completed. A user with no onboarding row reaches only step
-- 0; a completion counts as reaching step 5. drop_off_users reached a step but not the next.
with

segments as (

    select * from {{ ref('int_app_user_segments_expanded') }}

),

steps as (

    select
        step_order,
        case when step_order = 6 then 'completed' else step_order::text end as step
    from generate_series(0, 6) as steps (step_order)

),

reached as (

    select
        segments.signup_week as cohort_week,
        segments.account_filter,
        segments.intent_category,
        steps.step,
        steps.step_order,
        count(*) as cohort_size,
        count(*) filter (
            where case
                when steps.step_order = 6 then segments.onboarding_completed_at is not null
                else segments.onboarding_last_step >= steps.step_order
            end
        ) as users_reached
    from segments
    cross join steps
    group by 1, 2, 3, 4, 5

),

final as (

    select
        cohort_week,
        step,
        step_order,
        account_filter,
        intent_category,
        users_reached::int as users_reached,
        cohort_size::int as cohort_size,
        {{ rate('users_reached', 'cohort_size') }} as reach_rate,
        case
            when step_order < 6 then (
                users_reached - lead(users_reached) over (
                    partition by cohort_week, account_filter, intent_category
                    order by step_order
                )
            )::int
        end as drop_off_users
    from reached

)

select * from final

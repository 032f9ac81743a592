-- The onboarding funnel per weekly signup cohort and filter combination: members who
-- reached each step (0 to 5) and who completed. A user with no onboarding row reaches only
-- step 0; a completion counts as reaching step 5. drop_off_users reached a step but not
-- the next. Members are counted per user group and summed per combination.
with

users as (

    select
        signup_week,
        onboarding_last_step,
        onboarding_completed_at,
        email_validated,
        intent_category as user_intent_category
    from {{ ref('int_app_users_enriched') }}
    where signup_date <= {{ as_of_date() }}

),

filter_map as (

    select * from {{ ref('int_app_filter_combinations_mapped') }}

),

steps as (

    select
        steps.step_order,
        case when steps.step_order = 6 then 'completed' else steps.step_order::{{ dbt.type_string() }} end as step
    from {{ integer_series(0, 6) }} as steps (step_order)

),

group_reached as (

    select
        users.signup_week as cohort_week,
        users.email_validated,
        users.user_intent_category,
        steps.step,
        steps.step_order,
        count(*) as cohort_size,
        count(*) filter (
            where case
                when steps.step_order = 6 then users.onboarding_completed_at is not null
                else users.onboarding_last_step >= steps.step_order
            end
        ) as users_reached
    from users
    cross join steps
    group by 1, 2, 3, 4, 5

),

reached as (

    {{ rollup_to_filters(
        'group_reached',
        keys=['cohort_week', 'step', 'step_order'],
        sums=['cohort_size', 'users_reached'],
    ) }}

),

final as (

    select
        cohort_week,
        step,
        step_order::int as step_order,
        account_filter,
        intent_category,
        users_reached::int as users_reached,
        cohort_size::int as cohort_size,
        {{ rate('users_reached', 'cohort_size') }} as reach_rate,
        case
            when step_order < 6
                then (
                    users_reached - lead(users_reached) over (
                        partition by cohort_week, account_filter, intent_category
                        order by step_order
                    )
                )::int
        end as drop_off_users
    from reached

)

select * from final

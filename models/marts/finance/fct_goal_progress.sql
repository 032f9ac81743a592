-- One row per savings goal with its progress as of as_of_date. required_monthly_amount is
-- the remaining amount spread over the whole months from as_of_date to the deadline
-- (calendar months as PostgreSQL's age() counts them, at least 1), NULL without a
-- deadline or once the deadline has passed.
with

goals as (

    select
        goal_id,
        user_id,
        goal_name,
        status,
        target_amount,
        current_amount,
        deadline
    from {{ ref('stg_finance__financial_goals') }}

),

measured as (

    select
        goal_id,
        user_id,
        goal_name,
        status,
        target_amount,
        current_amount,
        deadline,
        greatest(target_amount - current_amount, 0) as remaining_amount,
        current_amount >= target_amount as is_reached,
        -- a date minus a date is an integer on PostgreSQL, a bigint on DuckDB
        cast(deadline - {{ as_of_date() }} as integer) as days_to_deadline,
        case
            when deadline >= {{ as_of_date() }}
                then cast({{ whole_months_between('deadline', as_of_date()) }} as integer)
        end as whole_months_left
    from goals

),

final as (

    select
        goal_id,
        user_id,
        goal_name as name,
        status,
        target_amount,
        current_amount,
        cast({{ divide_round('current_amount', 'target_amount', 6) }} as numeric(18, 6)) as progress_rate,
        remaining_amount::numeric(12, 2) as remaining_amount,
        deadline,
        days_to_deadline,
        case
            when whole_months_left is not null
                then cast({{ divide_round('remaining_amount', 'greatest(whole_months_left, 1)', 2) }} as numeric(12, 2))
        end as required_monthly_amount,
        coalesce(status = 'ACTIVE' and deadline < {{ as_of_date() }} and not is_reached, false) as is_overdue,
        is_reached,
        whole_months_left
    from measured

)

select * from final

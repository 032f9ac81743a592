{{ config(materialized='table') }}

-- One row per (budget, category) of a budget's allocations JSON. A value that is not a
-- non-negative JSON number below 10^10 (the range of numeric(12,2)) keeps its row with a
-- NULL allocated_amount and the reason; the budget and its spend are never dropped.
with

budgets as (

    select
        budget_id,
        user_id,
        period_start,
        period_end,
        allocations
    from {{ ref('stg_finance__budgets') }}
    where has_allocation_object

),

unpacked as (

    select
        budgets.budget_id,
        budgets.user_id,
        budgets.period_start,
        budgets.period_end,
        allocation.key as category,
        allocation.value as allocation_value,
        jsonb_typeof(allocation.value) as value_type
    from budgets
    cross join lateral jsonb_each(budgets.allocations) as allocation (key, value)

),

validated as (

    select
        budget_id,
        user_id,
        period_start,
        period_end,
        category,
        allocation_value,
        case
            when value_type <> 'number' then 'allocation is a JSON ' || value_type || ', not a number'
            when allocation_value::numeric < 0 then 'negative allocation'
            when allocation_value::numeric >= 10000000000 then 'allocation out of range'
        end as invalid_reason
    from unpacked

),

final as (

    select
        budget_id,
        category,
        user_id,
        period_start,
        period_end,
        case
            when invalid_reason is null then round(allocation_value::numeric, 2)::numeric(12, 2)
        end as allocated_amount,
        invalid_reason is null as is_valid_allocation,
        invalid_reason,
        allocation_value::text as raw_value
    from validated

)

select * from final

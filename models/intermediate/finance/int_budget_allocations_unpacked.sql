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
        cast(allocation.value as {{ dbt.type_string() }}) as raw_value,
        {{ json_typeof('allocation.value') }} as value_type
    from budgets
    cross join {{ json_each_pair('budgets.allocations') }} as allocation (key, value)

),

numbered as (

    -- the number of a JSON number, read from its text; NULL where the engine's exact type
    -- cannot hold it (never on PostgreSQL; on DuckDB beyond 10^28)
    select
        budget_id,
        user_id,
        period_start,
        period_end,
        category,
        raw_value,
        value_type,
        case when value_type = 'number' then {{ try_cast_number('raw_value') }} end as allocation_number
    from unpacked

),

validated as (

    select
        budget_id,
        user_id,
        period_start,
        period_end,
        category,
        raw_value,
        allocation_number,
        case
            when value_type <> 'number' then 'allocation is a JSON ' || value_type || ', not a number'
            -- a number beyond the engine's exact type: its sign says which reason
            when allocation_number is null and raw_value like '-%' then 'negative allocation'
            when allocation_number is null then 'allocation out of range'
            when allocation_number < 0 then 'negative allocation'
            when allocation_number >= 10000000000 then 'allocation out of range'
        end as invalid_reason
    from numbered

),

final as (

    select
        budget_id,
        category,
        user_id,
        period_start,
        period_end,
        case
            when invalid_reason is null then cast(round(allocation_number, 2) as numeric(12, 2))
        end as allocated_amount,
        invalid_reason is null as is_valid_allocation,
        invalid_reason,
        raw_value
    from validated

)

select * from final

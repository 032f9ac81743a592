-- One row per (budget, category in its allocations), plus one row 'Unbudgeted' per budget
-- with non-zero EXPENSE spend in the period in categories the budget does not name. Spend
-- is the user's live EXPENSE transactions dated within [period_start, period_end]; a
-- transaction's category matches an allocation key exactly. If a budget itself names a
-- category 'Unbudgeted', that row also takes the spend of unnamed categories.
with

budgets as (

    select
        budget_id,
        user_id,
        period_start,
        period_end
    from {{ ref('stg_finance__budgets') }}

),

allocations as (

    select
        budget_id,
        category,
        allocated_amount,
        is_valid_allocation,
        invalid_reason
    from {{ ref('int_budget_allocations_unpacked') }}

),

expenses as (

    select
        user_id,
        transaction_date,
        category,
        amount
    from {{ ref('stg_finance__transactions') }}
    where transaction_type = 'EXPENSE'

),

spend_per_category as (

    select
        budgets.budget_id,
        expenses.category,
        sum(expenses.amount) as spend
    from budgets
    inner join expenses
        on budgets.user_id = expenses.user_id
        and expenses.transaction_date between budgets.period_start and budgets.period_end
    group by budgets.budget_id, expenses.category

),

unbudgeted_spend as (

    select
        spend_per_category.budget_id,
        sum(spend_per_category.spend) as spend
    from spend_per_category
    left join allocations
        on spend_per_category.budget_id = allocations.budget_id
        and spend_per_category.category = allocations.category
    where allocations.category is null
    group by spend_per_category.budget_id

),

budgeted_rows as (

    select
        allocations.budget_id,
        allocations.category,
        allocations.allocated_amount,
        coalesce(spend_per_category.spend, 0)
        + case when allocations.category = 'Unbudgeted' then coalesce(unbudgeted_spend.spend, 0) else 0 end
            as actual_spend,
        true as is_budgeted_category,
        allocations.is_valid_allocation,
        allocations.invalid_reason
    from allocations
    left join spend_per_category
        on allocations.budget_id = spend_per_category.budget_id
        and allocations.category = spend_per_category.category
    left join unbudgeted_spend
        on allocations.budget_id = unbudgeted_spend.budget_id

),

unbudgeted_rows as (

    select
        unbudgeted_spend.budget_id,
        'Unbudgeted' as category,
        0::numeric(12, 2) as allocated_amount,
        unbudgeted_spend.spend as actual_spend,
        false as is_budgeted_category,
        true as is_valid_allocation,
        null::text as invalid_reason
    from unbudgeted_spend
    where
        unbudgeted_spend.spend <> 0
        and not exists (
            select 1
            from allocations
            where
                allocations.budget_id = unbudgeted_spend.budget_id
                and allocations.category = 'Unbudgeted'
        )

),

budget_rows as (

    select * from budgeted_rows
    union all
    select * from unbudgeted_rows

),

final as (

    select
        budget_rows.budget_id,
        budget_rows.category,
        budgets.user_id,
        budgets.period_start,
        budgets.period_end,
        budget_rows.allocated_amount,
        budget_rows.actual_spend::numeric(14, 2) as actual_spend,
        (budget_rows.allocated_amount - budget_rows.actual_spend)::numeric(14, 2) as variance,
        round({{ safe_divide('budget_rows.actual_spend', 'budget_rows.allocated_amount') }}, 4) as pct_used,
        budget_rows.actual_spend > budget_rows.allocated_amount as is_over_budget,
        budget_rows.is_budgeted_category,
        budget_rows.is_valid_allocation,
        budget_rows.invalid_reason,
        budgets.period_end < {{ as_of_date() }} as is_complete_period
    from budget_rows
    inner join budgets on budget_rows.budget_id = budgets.budget_id

)

select * from final

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

categories as (

    -- every category a budget names or has spend in, once
    select
        coalesce(allocations.budget_id, spend_per_category.budget_id) as budget_id,
        coalesce(allocations.category, spend_per_category.category) as category,
        allocations.category is not null as is_budgeted_category,
        allocations.allocated_amount,
        allocations.is_valid_allocation,
        allocations.invalid_reason,
        coalesce(spend_per_category.spend, 0) as spend
    from allocations
    full outer join spend_per_category
        on allocations.budget_id = spend_per_category.budget_id
        and allocations.category = spend_per_category.category

),

per_budget as (

    select
        budget_id,
        coalesce(sum(spend) filter (where not is_budgeted_category), 0) as unbudgeted_spend,
        coalesce(bool_or(is_budgeted_category and category = 'Unbudgeted'), false) as names_unbudgeted
    from categories
    group by budget_id

),

budgeted_rows as (

    select
        categories.budget_id,
        categories.category,
        categories.allocated_amount,
        categories.spend
        + case when categories.category = 'Unbudgeted' then per_budget.unbudgeted_spend else 0 end
            as actual_spend,
        true as is_budgeted_category,
        categories.is_valid_allocation,
        categories.invalid_reason
    from categories
    inner join per_budget on categories.budget_id = per_budget.budget_id
    where categories.is_budgeted_category

),

unbudgeted_rows as (

    select
        budget_id,
        'Unbudgeted' as category,
        0::numeric(12, 2) as allocated_amount,
        unbudgeted_spend as actual_spend,
        false as is_budgeted_category,
        true as is_valid_allocation,
        null::text as invalid_reason
    from per_budget
    where not names_unbudgeted and unbudgeted_spend <> 0

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
        cast(
            {{ divide_round('budget_rows.actual_spend', 'budget_rows.allocated_amount', 4) }} as numeric(18, 4)
        ) as pct_used,
        budget_rows.actual_spend > budget_rows.allocated_amount as is_over_budget,
        budget_rows.is_budgeted_category,
        budget_rows.is_valid_allocation,
        budget_rows.invalid_reason,
        budgets.period_end < {{ as_of_date() }} as is_complete_period
    from budget_rows
    inner join budgets on budget_rows.budget_id = budgets.budget_id

)

select * from final

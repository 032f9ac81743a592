-- One row per (budget, category in its allocations), plus one row 'Unbudgeted' per budget
-- with non-zero EXPENSE spend in the period in categories the budget does not name. Spend
-- is the user's live EXPENSE transactions dated within [period_start, period_end]; a
-- transaction's category matches an allocation key exactly. If a budget itself names a
-- category 'Unbudgeted', that row also takes the spend of unnamed categories.
--
-- Incremental: a build recomputes every row of the budgets that are new to this mart and
-- of the budgets whose period holds an EXPENSE transaction int_finance_transactions_loaded
-- wrote since this mart's last build (each from all its spend, through the (user_id,
-- transaction_date) index), and rewrites is_complete_period of the budgets whose period a
-- moved as_of_date completes or reopens.
{{
    config(
        incremental_strategy='delete+insert',
        unique_key=['budget_id']
    )
}}

with

all_budgets as {{ not_materialized() }} (

    select
        budget_id,
        user_id,
        period_start,
        period_end
    from {{ ref('stg_finance__budgets') }}

),

expenses as {{ not_materialized() }} (

    select
        user_id,
        transaction_date,
        category,
        amount,
        loaded_at
    from {{ ref('int_finance_transactions_loaded') }}
    where transaction_type = 'EXPENSE'

),

{% if is_incremental() %}

recomputed_budgets as (

    -- budgets whose period holds spend written since this mart's last build
    select all_budgets.budget_id
    from all_budgets
    inner join expenses
        on all_budgets.user_id = expenses.user_id
        and expenses.transaction_date between all_budgets.period_start and all_budgets.period_end
    where expenses.loaded_at > {{ finance_mart_built_at() }}
    union
    -- budgets new to this mart (and those with neither allocations nor spend: no rows)
    select all_budgets.budget_id
    from all_budgets
    where not exists (
        select 1 from {{ this }} as built
        where built.budget_id = all_budgets.budget_id
    )

),

{% endif %}

budgets as (

    select
        budget_id,
        user_id,
        period_start,
        period_end
    from all_budgets
    {% if is_incremental() %}
    where budget_id in (select recomputed_budgets.budget_id from recomputed_budgets)
    {% endif %}

),

allocations as (

    select
        budget_id,
        category,
        allocated_amount,
        is_valid_allocation,
        invalid_reason
    from {{ ref('int_budget_allocations_unpacked') }}
    {% if is_incremental() %}
    where budget_id in (select recomputed_budgets.budget_id from recomputed_budgets)
    {% endif %}

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
        null::{{ dbt.type_string() }} as invalid_reason
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
            {{ divide_round('budget_rows.actual_spend', 'budget_rows.allocated_amount', 6) }} as numeric(18, 6)
        ) as pct_used,
        budget_rows.actual_spend > budget_rows.allocated_amount as is_over_budget,
        budget_rows.is_budgeted_category,
        budget_rows.is_valid_allocation,
        budget_rows.invalid_reason,
        budgets.period_end < {{ as_of_date() }} as is_complete_period
    from budget_rows
    inner join budgets on budget_rows.budget_id = budgets.budget_id

),

{% if is_incremental() %}

completeness_moved as (

    -- every row of the budgets whose period as_of_date now completes or reopens, found
    -- through the (is_complete_period, period_end) index; their metrics are unchanged
    select
        built.budget_id,
        built.category,
        built.user_id,
        built.period_start,
        built.period_end,
        built.allocated_amount,
        built.actual_spend,
        built.variance,
        built.pct_used,
        built.is_over_budget,
        built.is_budgeted_category,
        built.is_valid_allocation,
        built.invalid_reason,
        not built.is_complete_period as is_complete_period
    from {{ this }} as built
    where
        (
            (built.is_complete_period and built.period_end >= {{ as_of_date() }})
            or (not built.is_complete_period and built.period_end < {{ as_of_date() }})
        )
        and built.budget_id not in (select recomputed_budgets.budget_id from recomputed_budgets)

),

{% endif %}

rows_written as (

    select * from final
    {% if is_incremental() %}
    union all
    select * from completeness_moved
    {% endif %}

)

select * from rows_written

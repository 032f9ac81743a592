-- One row per user and calendar month with at least one live transaction (transaction
-- dates are calendar dates, so no time zone applies). Soft-deleted transactions were
-- dropped in staging.
--
-- Incremental: a build recomputes only the (user, month) keys of the transactions
-- int_finance_transactions_loaded wrote since this mart's last build (each key from all
-- its transactions, through the (user_id, transaction_date) index), and rewrites
-- is_complete_period of the rows whose month a moved as_of_date completes or reopens.
{{
    config(
        incremental_strategy='delete+insert',
        unique_key=['user_id', 'month_start']
    )
}}

with

transactions as {{ not_materialized() }} (

    select
        user_id,
        transaction_date,
        transaction_type,
        transaction_source,
        amount,
        confidence_score,
        loaded_at
    from {{ ref('int_finance_transactions_loaded') }}

),

{% if is_incremental() %}

touched_months as (

    -- the keys of the transactions written since this mart's last build
    select distinct
        user_id,
        {{ month_start('transaction_date') }} as month_start
    from transactions
    where loaded_at > {{ finance_mart_built_at() }}

),

{% endif %}

monthly_transactions as (

    select
        transactions.user_id,
        transactions.transaction_type,
        transactions.transaction_source,
        transactions.amount,
        transactions.confidence_score,
        {{ month_start('transactions.transaction_date') }} as month_start
    from transactions
    {% if is_incremental() %}
    inner join touched_months
        on transactions.user_id = touched_months.user_id
        and transactions.transaction_date >= touched_months.month_start
        and transactions.transaction_date < cast({{ dbt.dateadd('month', 1, 'touched_months.month_start') }} as date)
    {% endif %}

),

monthly as (

    select
        user_id,
        month_start,
        coalesce(sum(amount) filter (where transaction_type = 'INCOME'), 0) as income,
        coalesce(sum(amount) filter (where transaction_type = 'EXPENSE'), 0) as expense,
        count(*) as transaction_count,
        count(*) filter (where transaction_source = 'API') as api_transactions,
        count(*) filter (where transaction_source = 'MANUAL') as manual_transactions,
        count(*) filter (where transaction_source = 'FILE_IMPORT') as file_import_transactions,
        -- the mean as sum / count, divided exactly in final
        sum(confidence_score) as confidence_score_sum,
        count(confidence_score) as scored_transactions
    from monthly_transactions
    group by user_id, month_start

),

computed as (

    select
        user_id,
        month_start,
        income::numeric(14, 2) as income,
        expense::numeric(14, 2) as expense,
        (income - expense)::numeric(14, 2) as net,
        cast({{ divide_round('income - expense', 'income', 6) }} as numeric(18, 6)) as savings_rate,
        transaction_count,
        api_transactions,
        manual_transactions,
        file_import_transactions,
        cast({{ divide_round('confidence_score_sum', 'scored_transactions', 6) }} as numeric(18, 6))
            as avg_confidence_score,
        (month_start + interval '1 month')::date - 1 < {{ as_of_date() }} as is_complete_period
    from monthly

),

{% if is_incremental() %}

completeness_moved as (

    -- rows whose month as_of_date now completes or reopens, found through the
    -- (is_complete_period, month_start) index; their metrics are unchanged
    select
        built.user_id,
        built.month_start,
        built.income,
        built.expense,
        built.net,
        built.savings_rate,
        built.transaction_count,
        built.api_transactions,
        built.manual_transactions,
        built.file_import_transactions,
        built.avg_confidence_score,
        not built.is_complete_period as is_complete_period
    from {{ this }} as built
    where
        (
            (built.is_complete_period and built.month_start >= {{ month_start(as_of_date()) }})
            or (not built.is_complete_period and built.month_start < {{ month_start(as_of_date()) }})
        )
        and not exists (
            select 1 from touched_months
            where touched_months.user_id = built.user_id and touched_months.month_start = built.month_start
        )

),

{% endif %}

final as (

    select * from computed
    {% if is_incremental() %}
    union all
    select * from completeness_moved
    {% endif %}

)

select * from final

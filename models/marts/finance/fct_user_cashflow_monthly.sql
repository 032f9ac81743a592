-- One row per user and calendar month with at least one live transaction (transaction
-- dates are calendar dates, so no time zone applies). Soft-deleted transactions were
-- dropped in staging.
with

transactions as (

    select
        user_id,
        transaction_type,
        transaction_source,
        amount,
        confidence_score,
        {{ month_start('transaction_date') }} as month_start
    from {{ ref('stg_finance__transactions') }}

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
    from transactions
    group by user_id, month_start

),

final as (

    select
        user_id,
        month_start,
        income::numeric(14, 2) as income,
        expense::numeric(14, 2) as expense,
        (income - expense)::numeric(14, 2) as net,
        cast({{ divide_round('income - expense', 'income', 4) }} as numeric(18, 4)) as savings_rate,
        transaction_count,
        api_transactions,
        manual_transactions,
        file_import_transactions,
        cast({{ divide_round('confidence_score_sum', 'scored_transactions', 4) }} as numeric(18, 4))
            as avg_confidence_score,
        (month_start + interval '1 month')::date - 1 < {{ as_of_date() }} as is_complete_period
    from monthly

)

select * from final

-- One row per live finance transaction, with the build that wrote it (loaded_at), so the
-- finance marts can tell which transactions arrived since their own last build.
--
-- Incremental: the source has no load stamp and random uuid ids, so a build reads the
-- transactions created since the newest one it holds, minus a lookback (var
-- finance_transactions_lookback_days, default 2: a row committed late with an earlier
-- created_at), and appends those it does not hold yet. A soft delete or any other in-place
-- change in the source makes the next build a full one (macros/incremental/).
{{
    config(
        materialized='incremental',
        meta={'written_rows': {'column': 'loaded_at'}},
        incremental_strategy='append'
    )
}}

with

transactions as {{ not_materialized() }} (

    select
        transaction_id,
        user_id,
        connection_id,
        transaction_date,
        transaction_type,
        transaction_source,
        category,
        amount,
        confidence_score,
        created_at
    from {{ ref('stg_finance__transactions') }}

),

new_transactions as (

    select transactions.*
    from transactions
    {% if is_incremental() %}
    where
        transactions.created_at >= {{ finance_transactions_watermark() }}
        and not exists (
            select 1 from {{ this }} as held
            where held.transaction_id = transactions.transaction_id
        )
    {% endif %}

),

final as (

    select
        *,
        {{ build_started_at() }} as loaded_at
    from new_transactions

)

select * from final

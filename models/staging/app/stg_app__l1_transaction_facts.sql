-- The analytics copy of transactions, keyed by token. legacy_transaction_id names the
-- legacy row a fact was copied from (NULL for facts born in l1).
with

source as (

    select
        id,
        tokenized_user_id,
        transaction_date,
        amount,
        cashflow,
        account,
        category,
        merchant,
        created_at,
        upload_session_id,
        legacy_transaction_id
    from {{ source('app', 'l1_transaction_facts') }}

),

renamed as (

    select
        id as fact_id,
        tokenized_user_id,
        transaction_date,
        amount,
        lower(trim(cashflow)) as cashflow,
        {{ normalize_label('account') }} as bank_account,
        lower(trim(category)) as category,
        merchant,
        created_at,
        nullif(trim(upload_session_id), '') as upload_session_id,
        legacy_transaction_id
    from source

)

select * from renamed

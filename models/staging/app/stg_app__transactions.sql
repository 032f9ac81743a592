-- Legacy statement transactions, one row per transaction. Free text (description, label)
-- stays behind; the account label is normalized (trimmed, lower-cased, empty as NULL)
-- because its value is the bank that "unique banks" counts.
with

source as (

    select
        id,
        user_id,
        date,
        amount,
        cashflow,
        account,
        category,
        merchant,
        created_at,
        upload_session_id
    from {{ source('app', 'transactions') }}

),

renamed as (

    select
        id as transaction_id,
        user_id,
        date as transaction_date,
        amount,
        lower(trim(cashflow)) as cashflow,
        {{ normalize_label('account') }} as bank_account,
        lower(trim(category)) as category,
        merchant,
        created_at,
        nullif(trim(upload_session_id), '') as upload_session_id
    from source

)

select * from renamed

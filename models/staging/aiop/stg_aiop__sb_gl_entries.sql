-- Softbase general-ledger entries (a missing debit or credit is 0).
with

source as (

    select
        org_id,
        entry_id,
        posting_date,
        account_no,
        debit,
        credit,
        _loaded_at
    from {{ source('aiop', 'sb_gl_entries') }}

),

renamed as (

    select
        org_id,
        entry_id,
        posting_date,
        account_no,
        coalesce(debit, 0) as debit_amount,
        coalesce(credit, 0) as credit_amount,
        _loaded_at
    from source

)

select * from renamed

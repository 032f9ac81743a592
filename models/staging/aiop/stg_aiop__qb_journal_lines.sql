-- QuickBooks journal lines with debit and credit split out. The free-text memo is dropped
-- (it can name people). Voided and malformed lines stay, flagged; no metric counts them.
with

source as (

    select
        org_id,
        line_id,
        txn_id,
        txn_date,
        account_id,
        posting_type,
        amount,
        description,
        is_voided,
        _loaded_at
    from {{ source('aiop', 'qb_journal_lines') }}

),

renamed as (

    select
        org_id,
        line_id,
        txn_id,
        txn_date,
        account_id,
        {{ initcap('trim(posting_type)') }} as posting_type,
        amount,
        case when {{ initcap('trim(posting_type)') }} = 'Debit' then amount else 0 end as debit_amount,
        case when {{ initcap('trim(posting_type)') }} = 'Credit' then amount else 0 end as credit_amount,
        coalesce(is_voided, false) as is_voided,
        (
            {{ initcap('trim(posting_type)') }} in ('Debit', 'Credit')
            and amount is not null
            and amount >= 0
            and txn_date is not null
        ) as is_valid,
        _loaded_at
    from source

)

select * from renamed

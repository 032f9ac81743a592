-- QuickBooks journal lines that count (valid, not voided, on a known account), each with
-- its account's type and class and its signed amount (debit minus credit).
-- inlined into its readers: a step of their query, not a table of its own
{{ config(materialized='ephemeral') }}

with

journal_lines as (

    select
        org_id,
        line_id,
        txn_id,
        txn_date,
        account_id,
        debit_amount,
        credit_amount
    from {{ ref('stg_aiop__qb_journal_lines') }}
    where is_valid and not is_voided

),

accounts as (

    select
        org_id,
        account_id,
        account_type
    from {{ ref('stg_aiop__qb_accounts') }}

),

classified as (

    select
        journal_lines.org_id,
        journal_lines.line_id,
        journal_lines.txn_id,
        journal_lines.txn_date,
        journal_lines.account_id,
        accounts.account_type,
        case
            when accounts.account_type in (
                'Bank', 'Accounts Receivable', 'Other Current Asset', 'Fixed Asset', 'Other Asset'
            ) then 'asset'
            when accounts.account_type in (
                'Accounts Payable', 'Credit Card', 'Other Current Liability', 'Long Term Liability'
            ) then 'liability'
            when accounts.account_type = 'Equity' then 'equity'
            when accounts.account_type in ('Income', 'Other Income') then 'revenue'
            when accounts.account_type in ('Cost of Goods Sold', 'Expense', 'Other Expense') then 'expense'
        end as account_class,
        journal_lines.debit_amount - journal_lines.credit_amount as net_debit
    from journal_lines
    inner join accounts
        on journal_lines.org_id = accounts.org_id
        and journal_lines.account_id = accounts.account_id

),

final as (

    select * from classified
    where account_class is not null

)

select * from final

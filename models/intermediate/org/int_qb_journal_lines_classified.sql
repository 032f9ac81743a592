-- QuickBooks journal lines that count (valid, not voided, on a known account) per
-- organization, accounting date and account (from the incremental daily aggregate
-- int_qb_journal_lines_daily_aggregated), with the account's type and class and the
-- lines' signed amount (debit minus credit).
-- inlined into its readers: a step of their query, not a table of its own
{{ config(materialized='ephemeral') }}

with

journal_lines as (

    select
        org_id,
        txn_date,
        account_id,
        net_debit
    from {{ ref('int_qb_journal_lines_daily_aggregated') }}
    where counted_lines > 0

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
        journal_lines.net_debit
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

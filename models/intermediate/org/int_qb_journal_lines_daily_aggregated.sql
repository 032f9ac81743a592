{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['org_id', 'aggregate_key'],
        on_schema_change='fail',
        indexes=[{'columns': ['org_id', 'aggregate_key'], 'unique': true}],
    )
}}

-- QuickBooks journal lines per organization, accounting date and account: every line
-- (`journal_lines`, for the org's first date) and the lines that count (valid, not voided:
-- `counted_lines`, with their debit - credit as `net_debit`). Incremental and additive: a
-- build reads only the lines landed after the aggregate's watermark (org_loaded_watermark)
-- and adds them (org_additive_merge); a line changed in place (voided) rebuilds it in full.
with

organizations as (

    select org_id
    from {{ ref('stg_aiop__organizations') }}

),

journal_lines as (

    select
        journal_lines.org_id,
        journal_lines.txn_date,
        journal_lines.account_id,
        journal_lines.is_valid and not journal_lines.is_voided as is_counted,
        journal_lines.debit_amount - journal_lines.credit_amount as net_debit,
        journal_lines._loaded_at
    from {{ org_rows_of(ref('stg_aiop__qb_journal_lines')) }} as journal_lines
    inner join organizations
        on journal_lines.org_id = organizations.org_id

),

lines_daily as (

    select
        org_id,
        txn_date,
        account_id,
        count(*) as journal_lines,
        count(*) filter (where is_counted) as counted_lines,
        sum(net_debit) filter (where is_counted) as net_debit,
        max(_loaded_at) as loaded_through
    from journal_lines
    group by org_id, txn_date, account_id

),

final as (

    {{ org_additive_merge(
        'lines_daily', ['txn_date', 'account_id'],
        integers=['journal_lines', 'counted_lines'], amounts=['net_debit'],
    ) }}

)

select * from final

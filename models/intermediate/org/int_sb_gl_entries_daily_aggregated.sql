{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['org_id', 'aggregate_key'],
        on_schema_change='fail',
        indexes=[{'columns': ['org_id', 'aggregate_key'], 'unique': true}],
    )
}}

-- Softbase GL entries per organization, posting date and account number: their count and
-- debit - credit. Incremental and additive: a build reads only the entries landed after the
-- aggregate's watermark (org_loaded_watermark) and adds them (org_additive_merge); an entry
-- changed or deleted in place rebuilds it in full.
with

organizations as (

    select org_id
    from {{ ref('stg_aiop__organizations') }}

),

entries as (

    select
        gl_entries.org_id,
        gl_entries.posting_date,
        gl_entries.account_no,
        gl_entries.debit_amount - gl_entries.credit_amount as net_debit,
        gl_entries._loaded_at
    from {{ org_rows_of(ref('stg_aiop__sb_gl_entries')) }} as gl_entries
    inner join organizations
        on gl_entries.org_id = organizations.org_id

),

entries_daily as (

    select
        org_id,
        posting_date,
        account_no,
        count(*) as gl_entries,
        sum(net_debit) as net_debit,
        max(_loaded_at) as loaded_through
    from entries
    group by org_id, posting_date, account_no

),

final as (

    {{ org_additive_merge(
        'entries_daily', ['posting_date', 'account_no'], integers=['gl_entries'], amounts=['net_debit'],
    ) }}

)

select * from final

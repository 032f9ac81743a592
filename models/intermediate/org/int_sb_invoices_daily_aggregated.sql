{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['org_id', 'aggregate_key'],
        on_schema_change='fail',
        indexes=[{'columns': ['org_id', 'aggregate_key'], 'unique': true}],
    )
}}

-- Softbase invoices per organization, invoice date, department, posted or not, and (for
-- Rental invoices only) unit: their count and amount. Incremental and additive: a build
-- reads only the invoices landed after the aggregate's watermark (org_loaded_watermark) and
-- adds them (org_additive_merge); an invoice changed in place (voided, corrected) rebuilds
-- it in full.
with

organizations as (

    select org_id
    from {{ ref('stg_aiop__organizations') }}

),

invoices as (

    select
        invoices.org_id,
        invoices.invoice_date,
        invoices.department,
        case when invoices.department = 'Rental' then invoices.unit_id end as unit_id,
        invoices.is_posted,
        invoices.amount,
        invoices._loaded_at
    from {{ org_rows_of(ref('stg_aiop__sb_invoices')) }} as invoices
    inner join organizations
        on invoices.org_id = organizations.org_id

),

invoices_daily as (

    select
        org_id,
        invoice_date,
        department,
        unit_id,
        is_posted,
        count(*) as invoices,
        sum(amount) as amount,
        max(_loaded_at) as loaded_through
    from invoices
    group by org_id, invoice_date, department, unit_id, is_posted

),

final as (

    {{ org_additive_merge(
        'invoices_daily', ['invoice_date', 'department', 'unit_id', 'is_posted'],
        integers=['invoices'], amounts=['amount'],
    ) }}

)

select * from final

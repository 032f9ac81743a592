-- Softbase invoices. Department and status are normalized (`service` -> `Service`,
-- `VOID` -> `void`); only `posted` invoices count as revenue.
with

source as (

    select
        org_id,
        invoice_id,
        invoice_date,
        department,
        customer_id,
        unit_id,
        amount,
        status,
        _loaded_at
    from {{ source('aiop', 'sb_invoices') }}

),

renamed as (

    select
        org_id,
        invoice_id,
        invoice_date,
        {{ initcap('trim(department)') }} as department,
        customer_id,
        unit_id,
        coalesce(amount, 0) as amount,
        lower(trim(status)) as status,
        coalesce(lower(trim(status)) = 'posted', false) as is_posted,
        _loaded_at
    from source

)

select * from renamed

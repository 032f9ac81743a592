-- Softbase service work orders.
with

source as (

    select
        org_id,
        work_order_id,
        opened_at,
        closed_at,
        _loaded_at
    from {{ source('aiop', 'sb_work_orders') }}

),

renamed as (

    select
        org_id,
        work_order_id,
        opened_at,
        closed_at,
        _loaded_at
    from source

)

select * from renamed

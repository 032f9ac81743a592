-- Softbase service work orders.
with

source as (

    select * from {{ source('aiop', 'sb_work_orders') }}

),

renamed as (

    select
        org_id,
        work_order_id,
        opened_at,
        closed_at
    from source

)

select * from renamed

-- Softbase rental contracts; both ends inclusive, end_date NULL while the contract is open.
with

source as (

    select
        org_id,
        contract_id,
        unit_id,
        customer_id,
        start_date,
        end_date,
        _loaded_at
    from {{ source('aiop', 'sb_rental_contracts') }}

),

renamed as (

    select
        org_id,
        contract_id,
        unit_id,
        customer_id,
        start_date,
        end_date,
        _loaded_at
    from source

)

select * from renamed

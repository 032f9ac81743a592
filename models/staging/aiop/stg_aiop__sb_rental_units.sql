-- The Softbase rental fleet: owned from acquired_date up to, not including, disposed_date.
with

source as (

    select
        org_id,
        unit_id,
        equipment_type,
        acquired_date,
        disposed_date,
        _loaded_at
    from {{ source('aiop', 'sb_rental_units') }}

),

renamed as (

    select
        org_id,
        unit_id,
        coalesce(nullif(trim(equipment_type), ''), 'unknown') as equipment_type,
        acquired_date,
        disposed_date,
        _loaded_at
    from source

)

select * from renamed

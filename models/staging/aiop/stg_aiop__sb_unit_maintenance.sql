-- Maintenance periods of rental units; both ends inclusive, end_date NULL while in maintenance.
with

source as (

    select
        org_id,
        unit_id,
        start_date,
        end_date,
        _loaded_at
    from {{ source('aiop', 'sb_unit_maintenance') }}

),

renamed as (

    select
        org_id,
        unit_id,
        start_date,
        end_date,
        _loaded_at
    from source

)

select * from renamed

-- Zoom users: when they were created and deactivated, and whether they hold a Phone license.
with

source as (

    select
        org_id,
        user_id,
        created_at,
        deactivated_at,
        has_phone_license,
        _loaded_at
    from {{ source('aiop', 'zoom_users') }}

),

renamed as (

    select
        org_id,
        user_id,
        created_at,
        deactivated_at,
        coalesce(has_phone_license, false) as has_phone_license
    from source

)

select * from renamed

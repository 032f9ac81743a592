-- Every lifecycle-stage change of a HubSpot contact, stage normalized as in stg_aiop__hs_contacts.
with

source as (

    select
        org_id,
        contact_id,
        lifecycle_stage,
        changed_at,
        _loaded_at
    from {{ source('aiop', 'hs_contact_lifecycle_history') }}

),

renamed as (

    select
        org_id,
        contact_id,
        nullif(replace(lower(trim(lifecycle_stage)), ' ', ''), '') as lifecycle_stage,
        changed_at,
        _loaded_at
    from source

)

select * from renamed

-- HubSpot contacts (current state). Lifecycle stages are normalized to HubSpot's internal
-- values (lower case, no spaces: `Marketing Qualified Lead` -> `marketingqualifiedlead`).
with

source as (

    select
        org_id,
        contact_id,
        created_at,
        lifecycle_stage,
        is_deleted,
        merged_into_contact_id,
        _loaded_at
    from {{ source('aiop', 'hs_contacts') }}

),

renamed as (

    select
        org_id,
        contact_id,
        created_at,
        nullif(replace(lower(trim(lifecycle_stage)), ' ', ''), '') as lifecycle_stage,
        coalesce(is_deleted, false) as is_deleted,
        merged_into_contact_id,
        merged_into_contact_id is not null as is_merged,
        _loaded_at
    from source

)

select * from renamed

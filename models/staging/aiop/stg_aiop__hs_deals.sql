-- HubSpot deals (current state).
with

source as (

    select * from {{ source('aiop', 'hs_deals') }}

),

renamed as (

    select
        org_id,
        deal_id,
        created_at,
        amount,
        trim(pipeline) as pipeline,
        trim(deal_stage) as deal_stage,
        coalesce(is_deleted, false) as is_deleted
    from source

)

select * from renamed

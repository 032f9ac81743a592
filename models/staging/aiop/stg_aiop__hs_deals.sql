-- HubSpot deals (current state).
with

source as (

    select
        org_id,
        deal_id,
        created_at,
        amount,
        pipeline,
        deal_stage,
        is_deleted,
        _loaded_at
    from {{ source('aiop', 'hs_deals') }}

),

renamed as (

    select
        org_id,
        deal_id,
        created_at,
        amount,
        trim(pipeline) as pipeline,
        trim(deal_stage) as deal_stage,
        coalesce(is_deleted, false) as is_deleted,
        _loaded_at
    from source

)

select * from renamed

-- HubSpot pipeline stages: label, order and outcome (`open`, `won`, `lost`).
with

source as (

    select
        org_id,
        pipeline,
        deal_stage,
        label,
        display_order,
        outcome,
        _loaded_at
    from {{ source('aiop', 'hs_deal_stages') }}

),

renamed as (

    select
        org_id,
        trim(pipeline) as pipeline,
        trim(deal_stage) as deal_stage,
        coalesce(nullif(trim(label), ''), trim(deal_stage)) as stage_label,
        display_order,
        lower(trim(outcome)) as outcome,
        _loaded_at
    from source

)

select * from renamed

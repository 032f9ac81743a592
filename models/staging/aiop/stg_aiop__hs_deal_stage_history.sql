-- Every stage a HubSpot deal entered.
with

source as (

    select
        org_id,
        deal_id,
        deal_stage,
        entered_at,
        _loaded_at
    from {{ source('aiop', 'hs_deal_stage_history') }}

),

renamed as (

    select
        org_id,
        deal_id,
        trim(deal_stage) as deal_stage,
        entered_at,
        _loaded_at
    from source

)

select * from renamed

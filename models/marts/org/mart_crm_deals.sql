-- HubSpot deals per organization and local date (the seed's mart_crm_deals).
-- id (org_row_id) = org_id * 100000 + days since 1970-01-01: the same (org, date) keeps the same id.
with

deals_daily as (

    select * from {{ ref('int_crm_deals_daily_summarized') }}

),

typed as (

    select
        {{ org_row_id(date='snapshot_date') }} as id,
        org_id::integer as org_id,
        snapshot_date,
        total_deals::integer as total_deals,
        open_deals::integer as open_deals,
        won_deals::integer as won_deals,
        lost_deals::integer as lost_deals,
        total_pipeline_value::numeric(18, 2) as total_pipeline_value,
        won_value::numeric(18, 2) as won_value,
        lost_value::numeric(18, 2) as lost_value,
        average_deal_size::numeric(18, 2) as average_deal_size,
        {{ to_json_value('deals_by_stage') }} as deals_by_stage,
        'hubspot'::varchar(50) as source_system
    from deals_daily

),

final as (

    {{ org_build_times('typed') }}

)

select * from final

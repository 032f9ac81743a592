-- HubSpot contacts per organization and local date (the seed's mart_crm_contacts).
-- id (org_row_id) = org_id * 100000 + days since 1970-01-01: the same (org, date) keeps the same id.
with

contacts_daily as (

    select * from {{ ref('int_crm_contacts_daily_summarized') }}

),

typed as (

    select
        {{ org_row_id(date='snapshot_date') }} as id,
        org_id::integer as org_id,
        snapshot_date,
        total_contacts::integer as total_contacts,
        new_contacts_30d::integer as new_contacts_30d,
        new_contacts_7d::integer as new_contacts_7d,
        subscribers::integer as subscribers,
        leads::integer as leads,
        marketing_qualified::integer as marketing_qualified,
        sales_qualified::integer as sales_qualified,
        opportunities::integer as opportunities,
        customers::integer as customers,
        evangelists::integer as evangelists,
        other_lifecycle::integer as other_lifecycle,
        'hubspot'::varchar(50) as source_system
    from contacts_daily

),

final as (

    {{ org_build_times('typed') }}

)

select * from final

-- HubSpot contact counts per organization and local date, zero-filled from the org's first
-- HubSpot record to its as_of_date. Stage counts are running sums of the days contacts
-- enter and leave each stage, so every counted contact is in exactly one stage each day
-- and the stage counts add up to total_contacts.
with

days as (

    select
        org_id,
        spine_date
    from {{ ref('int_org_days_spined') }}
    where source_system = 'hubspot'

),

stages as (

    select * from {{ ref('int_contact_lifecycle_stages_dated') }}

),

created_daily as (

    select
        org_id,
        created_date,
        count(*) as new_contacts
    from stages
    where valid_from_date = created_date
    group by org_id, created_date

),

stage_deltas as (

    select
        org_id,
        stage_bucket,
        valid_from_date as delta_date,
        1 as delta
    from stages
    union all
    select
        org_id,
        stage_bucket,
        valid_to_date as delta_date,
        -1 as delta
    from stages
    where valid_to_date is not null

),

stage_deltas_daily as (

    select
        org_id,
        delta_date,
        coalesce(sum(delta) filter (where stage_bucket = 'subscriber'), 0) as subscribers,
        coalesce(sum(delta) filter (where stage_bucket = 'lead'), 0) as leads,
        coalesce(sum(delta) filter (where stage_bucket = 'marketingqualifiedlead'), 0) as marketing_qualified,
        coalesce(sum(delta) filter (where stage_bucket = 'salesqualifiedlead'), 0) as sales_qualified,
        coalesce(sum(delta) filter (where stage_bucket = 'opportunity'), 0) as opportunities,
        coalesce(sum(delta) filter (where stage_bucket = 'customer'), 0) as customers,
        coalesce(sum(delta) filter (where stage_bucket = 'evangelist'), 0) as evangelists,
        coalesce(sum(delta) filter (where stage_bucket = 'other'), 0) as other_lifecycle
    from stage_deltas
    group by org_id, delta_date

),

daily as (

    select
        days.org_id,
        days.spine_date,
        coalesce(created_daily.new_contacts, 0) as new_contacts,
        coalesce(stage_deltas_daily.subscribers, 0) as subscribers,
        coalesce(stage_deltas_daily.leads, 0) as leads,
        coalesce(stage_deltas_daily.marketing_qualified, 0) as marketing_qualified,
        coalesce(stage_deltas_daily.sales_qualified, 0) as sales_qualified,
        coalesce(stage_deltas_daily.opportunities, 0) as opportunities,
        coalesce(stage_deltas_daily.customers, 0) as customers,
        coalesce(stage_deltas_daily.evangelists, 0) as evangelists,
        coalesce(stage_deltas_daily.other_lifecycle, 0) as other_lifecycle
    from days
    left join created_daily
        on days.org_id = created_daily.org_id
        and days.spine_date = created_daily.created_date
    left join stage_deltas_daily
        on days.org_id = stage_deltas_daily.org_id
        and days.spine_date = stage_deltas_daily.delta_date

),

final as (

    select
        org_id,
        spine_date as snapshot_date,
        sum(new_contacts) over org_to_date as total_contacts,
        sum(new_contacts) over last_30_days as new_contacts_30d,
        sum(new_contacts) over last_7_days as new_contacts_7d,
        sum(subscribers) over org_to_date as subscribers,
        sum(leads) over org_to_date as leads,
        sum(marketing_qualified) over org_to_date as marketing_qualified,
        sum(sales_qualified) over org_to_date as sales_qualified,
        sum(opportunities) over org_to_date as opportunities,
        sum(customers) over org_to_date as customers,
        sum(evangelists) over org_to_date as evangelists,
        sum(other_lifecycle) over org_to_date as other_lifecycle
    from daily
    window
        org_to_date as (partition by org_id order by spine_date rows unbounded preceding),
        last_30_days as (
            partition by org_id order by spine_date
            range between interval '29 days' preceding and current row
        ),
        last_7_days as (
            partition by org_id order by spine_date
            range between interval '6 days' preceding and current row
        )

)

select * from final

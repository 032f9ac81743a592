-- The lifecycle stage of every counted HubSpot contact (not deleted, not merged away) as
-- validity ranges of local dates: the stage a contact holds at the end of a day is the
-- last change made on or before that day in the org's time zone. A contact holds, from its
-- creation until its first recorded change, the earliest stage its history records (the
-- current stage when it has no history); a change recorded before creation takes effect at
-- creation. Changes at the same instant resolve to the furthest stage of the funnel.
-- valid_to_date is exclusive (NULL: still held).
with

organizations as (

    select
        org_id,
        reporting_timezone
    from {{ ref('stg_aiop__organizations') }}

),

-- the stages of the funnel in order; any other stage is `other`
funnel_stages as (

    select
        funnel.lifecycle_stage,
        funnel.funnel_position
    from {{ values_with_position([
        "'subscriber'", "'lead'", "'marketingqualifiedlead'", "'salesqualifiedlead'",
        "'opportunity'", "'customer'", "'evangelist'",
    ]) }} as funnel (lifecycle_stage, funnel_position)

),

contacts as (

    select
        hs_contacts.org_id,
        hs_contacts.contact_id,
        hs_contacts.created_at,
        hs_contacts.lifecycle_stage,
        {{ local_date('hs_contacts.created_at', tz='organizations.reporting_timezone') }} as created_date,
        organizations.reporting_timezone
    from {{ ref('stg_aiop__hs_contacts') }} as hs_contacts
    inner join organizations
        on hs_contacts.org_id = organizations.org_id
    where
        not hs_contacts.is_deleted
        and not hs_contacts.is_merged
        and hs_contacts.created_at is not null

),

history as (

    select
        stage_history.org_id,
        stage_history.contact_id,
        stage_history.lifecycle_stage,
        stage_history.changed_at,
        funnel_stages.funnel_position,
        contacts.created_date,
        greatest(
            {{ local_date('stage_history.changed_at', tz='contacts.reporting_timezone') }},
            contacts.created_date
        ) as effective_date
    from {{ ref('stg_aiop__hs_contact_lifecycle_history') }} as stage_history
    inner join contacts
        on stage_history.org_id = contacts.org_id
        and stage_history.contact_id = contacts.contact_id
    left join funnel_stages
        on stage_history.lifecycle_stage = funnel_stages.lifecycle_stage

),

-- the first row of each contact in this order; the null orders are spelled out because
-- engines differ in their defaults
first_recorded_stages as (

    select
        org_id,
        contact_id,
        lifecycle_stage
    from (
        select
            org_id,
            contact_id,
            lifecycle_stage,
            row_number() over (
                partition by org_id, contact_id
                order by changed_at asc nulls last, funnel_position asc nulls first, lifecycle_stage asc nulls last
            ) as stage_rank
        from history
    ) as ranked_history
    where stage_rank = 1

),

entries as (

    select
        contacts.org_id,
        contacts.contact_id,
        contacts.created_date,
        contacts.created_date as entry_date,
        contacts.created_at as entry_at,
        0 as entry_priority,
        coalesce(first_recorded_stages.lifecycle_stage, contacts.lifecycle_stage) as lifecycle_stage
    from contacts
    left join first_recorded_stages
        on contacts.org_id = first_recorded_stages.org_id
        and contacts.contact_id = first_recorded_stages.contact_id

    union all

    select
        org_id,
        contact_id,
        created_date,
        effective_date as entry_date,
        changed_at as entry_at,
        1 as entry_priority,
        lifecycle_stage
    from history

),

ranked_entries as (

    select
        entries.*,
        funnel_stages.funnel_position
    from entries
    left join funnel_stages
        on entries.lifecycle_stage = funnel_stages.lifecycle_stage

),

-- the last entry of each contact and day
end_of_day_stages as (

    select
        org_id,
        contact_id,
        created_date,
        entry_date,
        lifecycle_stage,
        funnel_position
    from (
        select
            org_id,
            contact_id,
            created_date,
            entry_date,
            lifecycle_stage,
            funnel_position,
            row_number() over (
                partition by org_id, contact_id, entry_date
                order by
                    entry_priority desc,
                    entry_at desc nulls first,
                    funnel_position desc nulls last,
                    lifecycle_stage desc nulls first
            ) as entry_rank
        from ranked_entries
    ) as day_entries
    where entry_rank = 1

),

stage_changes as (

    select
        *,
        lag(lifecycle_stage) over (
            partition by org_id, contact_id order by entry_date
        ) as previous_stage
    from end_of_day_stages

),

final as (

    select
        org_id,
        contact_id,
        created_date,
        lifecycle_stage,
        case when funnel_position is not null then lifecycle_stage else 'other' end as stage_bucket,
        entry_date as valid_from_date,
        lead(entry_date) over (partition by org_id, contact_id order by entry_date) as valid_to_date
    from stage_changes
    where previous_stage is distinct from lifecycle_stage or entry_date = created_date

)

select * from final

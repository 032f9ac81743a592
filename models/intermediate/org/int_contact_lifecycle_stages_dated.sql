-- The lifecycle stage of every counted HubSpot contact (not deleted, not merged away) as
-- validity ranges of local dates: the stage a contact holds at the end of a day is the
-- last change made on or before that day in the org's time zone. A contact holds, from its
-- creation until its first recorded change, the earliest stage its history records (the
-- current stage when it has no history); a change recorded before creation takes effect at
-- creation. Changes at the same instant resolve to the furthest stage of the funnel.
-- valid_to_date is exclusive (NULL: still held).
--
-- Incremental (delete+insert by contact): a build recomputes every range of the contacts
-- touched since its last build (a contact row or a history row landed after the model's
-- watermarks, contact_loaded_at and history_loaded_through; or a contact of an organization
-- that landed since) from all of their rows, and keeps the other contacts' ranges. Ranges
-- do not depend on as_of_date. A row changed or deleted in place rebuilds it in full.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['org_id', 'contact_id'],
        on_schema_change='fail',
        indexes=[{'columns': ['org_id', 'contact_id']}],
    )
}}

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

{% if is_incremental() -%}
-- the contacts to recompute: landed, with history landed, or of a newly landed organization
touched_contacts as (

    select
        new_contacts.org_id,
        new_contacts.contact_id
    from {{ ref('stg_aiop__hs_contacts') }} as new_contacts
    where new_contacts._loaded_at > {{ org_loaded_watermark('contact_loaded_at') }}
    union
    select
        new_history.org_id,
        new_history.contact_id
    from {{ ref('stg_aiop__hs_contact_lifecycle_history') }} as new_history
    where new_history._loaded_at > {{ org_loaded_watermark('history_loaded_through') }}
    union
    select
        org_contacts.org_id,
        org_contacts.contact_id
    from {{ ref('stg_aiop__hs_contacts') }} as org_contacts
    where org_contacts.org_id in (
        select new_organizations.org_id
        from {{ ref('stg_aiop__organizations') }} as new_organizations
        where new_organizations._loaded_at > {{ org_loaded_watermark('contact_loaded_at') }}
    )

),
{%- endif %}

-- the landing times of each contact's history: the history watermark is their maximum
history_loads as (

    select
        org_id,
        contact_id,
        max(_loaded_at) as history_loaded_through
    from {{ ref('stg_aiop__hs_contact_lifecycle_history') }}
    group by org_id, contact_id

),

contacts as (

    select
        hs_contacts.org_id,
        hs_contacts.contact_id,
        hs_contacts.created_at,
        hs_contacts.lifecycle_stage,
        hs_contacts._loaded_at as contact_loaded_at,
        history_loads.history_loaded_through,
        {{ local_date('hs_contacts.created_at', tz='organizations.reporting_timezone') }} as created_date,
        organizations.reporting_timezone
    from {{ ref('stg_aiop__hs_contacts') }} as hs_contacts
    inner join organizations
        on hs_contacts.org_id = organizations.org_id
    {%- if is_incremental() %}
    inner join touched_contacts
        on hs_contacts.org_id = touched_contacts.org_id
        and hs_contacts.contact_id = touched_contacts.contact_id
    {%- endif %}
    left join history_loads
        on hs_contacts.org_id = history_loads.org_id
        and hs_contacts.contact_id = history_loads.contact_id
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
        contacts.contact_loaded_at,
        contacts.history_loaded_through,
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
        coalesce(first_recorded_stages.lifecycle_stage, contacts.lifecycle_stage) as lifecycle_stage,
        contacts.contact_loaded_at,
        contacts.history_loaded_through
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
        lifecycle_stage,
        contact_loaded_at,
        history_loaded_through
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
        funnel_position,
        contact_loaded_at,
        history_loaded_through
    from (
        select
            org_id,
            contact_id,
            created_date,
            entry_date,
            lifecycle_stage,
            funnel_position,
            contact_loaded_at,
            history_loaded_through,
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
        stage_changes.org_id,
        stage_changes.contact_id,
        stage_changes.created_date,
        stage_changes.lifecycle_stage,
        case
            when stage_changes.funnel_position is not null then stage_changes.lifecycle_stage else 'other'
        end as stage_bucket,
        stage_changes.entry_date as valid_from_date,
        lead(stage_changes.entry_date) over (
            partition by stage_changes.org_id, stage_changes.contact_id order by stage_changes.entry_date
        ) as valid_to_date,
        stage_changes.contact_loaded_at,
        stage_changes.history_loaded_through
    from stage_changes
    where
        stage_changes.previous_stage is distinct from stage_changes.lifecycle_stage
        or stage_changes.entry_date = stage_changes.created_date

)

select * from final

-- The stage of every counted HubSpot deal (not deleted) as validity ranges of local dates:
-- the stage at the end of a day is the last one entered on or before that day in the org's
-- time zone. From creation until the first recorded stage, a deal holds that first stage
-- (its current stage when it has no history); a stage entered before creation takes
-- effect at creation; stages entered at the same instant resolve to the later one in the
-- pipeline. Label and outcome come from hs_deal_stages for the deal's pipeline; a stage it
-- does not define keeps its id as label and counts as open (flagged by is_known_stage).
-- valid_to_date is exclusive (NULL: still held).
--
-- Incremental (delete+insert by deal): a build recomputes every range of the deals touched
-- since its last build (a deal row or a history row landed after the model's watermarks,
-- deal_loaded_at and history_loaded_through; a deal of a pipeline whose stage definitions
-- landed after stages_loaded_through; or a deal of an organization that landed since)
-- from all of their rows, and keeps the other deals' ranges. Ranges do not depend on
-- as_of_date. A row changed or deleted in place rebuilds it in full.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['org_id', 'deal_id'],
        on_schema_change='fail',
        indexes=[{'columns': ['org_id', 'deal_id']}],
    )
}}

with

organizations as (

    select
        org_id,
        reporting_timezone
    from {{ ref('stg_aiop__organizations') }}

),

{% if is_incremental() -%}
-- the deals to recompute: landed, with history landed, of a pipeline with newly landed
-- stage definitions, or of a newly landed organization
touched_deals as (

    select
        new_deals.org_id,
        new_deals.deal_id
    from {{ ref('stg_aiop__hs_deals') }} as new_deals
    where new_deals._loaded_at > {{ org_loaded_watermark('deal_loaded_at') }}
    union
    select
        new_history.org_id,
        new_history.deal_id
    from {{ ref('stg_aiop__hs_deal_stage_history') }} as new_history
    where new_history._loaded_at > {{ org_loaded_watermark('history_loaded_through') }}
    union
    select
        pipeline_deals.org_id,
        pipeline_deals.deal_id
    from {{ ref('stg_aiop__hs_deals') }} as pipeline_deals
    inner join {{ ref('stg_aiop__hs_deal_stages') }} as new_stages
        on pipeline_deals.org_id = new_stages.org_id
        and pipeline_deals.pipeline = new_stages.pipeline
    where new_stages._loaded_at > {{ org_loaded_watermark('stages_loaded_through') }}
    union
    select
        org_deals.org_id,
        org_deals.deal_id
    from {{ ref('stg_aiop__hs_deals') }} as org_deals
    where org_deals.org_id in (
        select new_organizations.org_id
        from {{ ref('stg_aiop__organizations') }} as new_organizations
        where new_organizations._loaded_at > {{ org_loaded_watermark('deal_loaded_at') }}
    )

),
{%- endif %}

-- the landing times of each deal's history: the history watermark is their maximum
history_loads as (

    select
        org_id,
        deal_id,
        max(_loaded_at) as history_loaded_through
    from {{ ref('stg_aiop__hs_deal_stage_history') }}
    group by org_id, deal_id

),

deals as (

    select
        hs_deals.org_id,
        hs_deals.deal_id,
        hs_deals.created_at,
        hs_deals._loaded_at as deal_loaded_at,
        history_loads.history_loaded_through,
        hs_deals.pipeline,
        hs_deals.deal_stage,
        coalesce(hs_deals.amount, 0) as amount,
        {{ local_date('hs_deals.created_at', tz='organizations.reporting_timezone') }} as created_date,
        organizations.reporting_timezone
    from {{ ref('stg_aiop__hs_deals') }} as hs_deals
    inner join organizations
        on hs_deals.org_id = organizations.org_id
    {%- if is_incremental() %}
    inner join touched_deals
        on hs_deals.org_id = touched_deals.org_id
        and hs_deals.deal_id = touched_deals.deal_id
    {%- endif %}
    left join history_loads
        on hs_deals.org_id = history_loads.org_id
        and hs_deals.deal_id = history_loads.deal_id
    where
        not hs_deals.is_deleted
        and hs_deals.created_at is not null

),

stage_definitions as (

    select
        org_id,
        pipeline,
        deal_stage,
        stage_label,
        display_order,
        case when outcome in ('won', 'lost') then outcome else 'open' end as outcome
    from {{ ref('stg_aiop__hs_deal_stages') }}

),

history as (

    select
        stage_history.org_id,
        stage_history.deal_id,
        stage_history.deal_stage,
        stage_history.entered_at,
        greatest(
            {{ local_date('stage_history.entered_at', tz='deals.reporting_timezone') }},
            deals.created_date
        ) as effective_date
    from {{ ref('stg_aiop__hs_deal_stage_history') }} as stage_history
    inner join deals
        on stage_history.org_id = deals.org_id
        and stage_history.deal_id = deals.deal_id

),

-- the first row of each deal in this order; the null orders are spelled out because
-- engines differ in their defaults
first_recorded_stages as (

    select
        org_id,
        deal_id,
        deal_stage
    from (
        select
            history.org_id,
            history.deal_id,
            history.deal_stage,
            row_number() over (
                partition by history.org_id, history.deal_id
                order by
                    history.entered_at asc nulls last,
                    stage_definitions.display_order asc nulls first,
                    history.deal_stage asc nulls last
            ) as stage_rank
        from history
        inner join deals
            on history.org_id = deals.org_id
            and history.deal_id = deals.deal_id
        left join stage_definitions
            on deals.org_id = stage_definitions.org_id
            and deals.pipeline = stage_definitions.pipeline
            and history.deal_stage = stage_definitions.deal_stage
    ) as ranked_history
    where stage_rank = 1

),

entries as (

    select
        deals.org_id,
        deals.deal_id,
        deals.created_date as entry_date,
        deals.created_at as entry_at,
        0 as entry_priority,
        coalesce(first_recorded_stages.deal_stage, deals.deal_stage) as deal_stage
    from deals
    left join first_recorded_stages
        on deals.org_id = first_recorded_stages.org_id
        and deals.deal_id = first_recorded_stages.deal_id

    union all

    select
        org_id,
        deal_id,
        effective_date as entry_date,
        entered_at as entry_at,
        1 as entry_priority,
        deal_stage
    from history

),

described_entries as (

    select
        entries.org_id,
        entries.deal_id,
        entries.entry_date,
        entries.entry_at,
        entries.entry_priority,
        entries.deal_stage,
        deals.pipeline,
        deals.amount,
        deals.created_date,
        deals.deal_loaded_at,
        deals.history_loaded_through,
        stage_definitions.display_order,
        coalesce(stage_definitions.stage_label, entries.deal_stage, 'unknown') as stage_label,
        coalesce(stage_definitions.outcome, 'open') as outcome,
        stage_definitions.deal_stage is not null as is_known_stage
    from entries
    inner join deals
        on entries.org_id = deals.org_id
        and entries.deal_id = deals.deal_id
    left join stage_definitions
        on deals.org_id = stage_definitions.org_id
        and deals.pipeline = stage_definitions.pipeline
        and entries.deal_stage = stage_definitions.deal_stage

),

-- the last entry of each deal and day
end_of_day_stages as (

    select
        org_id,
        deal_id,
        pipeline,
        amount,
        created_date,
        entry_date,
        deal_stage,
        stage_label,
        outcome,
        is_known_stage,
        deal_loaded_at,
        history_loaded_through
    from (
        select
            *,
            row_number() over (
                partition by org_id, deal_id, entry_date
                order by
                    entry_priority desc,
                    entry_at desc nulls first,
                    display_order desc nulls last,
                    deal_stage desc nulls first
            ) as entry_rank
        from described_entries
    ) as day_entries
    where entry_rank = 1

),

stage_changes as (

    select
        *,
        lag(deal_stage) over (
            partition by org_id, deal_id order by entry_date
        ) as previous_stage
    from end_of_day_stages

),

final as (

    select
        stage_changes.org_id,
        stage_changes.deal_id,
        stage_changes.pipeline,
        stage_changes.amount,
        stage_changes.created_date,
        stage_changes.deal_stage,
        stage_changes.stage_label,
        stage_changes.outcome,
        stage_changes.is_known_stage,
        stage_changes.entry_date as valid_from_date,
        lead(stage_changes.entry_date) over (
            partition by stage_changes.org_id, stage_changes.deal_id order by stage_changes.entry_date
        ) as valid_to_date,
        stage_changes.deal_loaded_at,
        stage_changes.history_loaded_through,
        (select max(all_stages._loaded_at) from {{ ref('stg_aiop__hs_deal_stages') }} as all_stages)
            as stages_loaded_through
    from stage_changes
    where
        stage_changes.previous_stage is distinct from stage_changes.deal_stage
        or stage_changes.entry_date = stage_changes.created_date

)

select * from final

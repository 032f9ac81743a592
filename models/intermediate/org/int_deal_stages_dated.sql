-- The stage of every counted HubSpot deal (not deleted) as validity ranges of local dates:
-- the stage at the end of a day is the last one entered on or before that day in the org's
-- time zone. From creation until the first recorded stage, a deal holds that first stage
-- (its current stage when it has no history); a stage entered before creation takes
-- effect at creation; stages entered at the same instant resolve to the later one in the
-- pipeline. Label and outcome come from hs_deal_stages for the deal's pipeline; a stage it
-- does not define keeps its id as label and counts as open (flagged by is_known_stage).
-- valid_to_date is exclusive (NULL: still held).
with

organizations as (

    select
        org_id,
        reporting_timezone
    from {{ ref('stg_aiop__organizations') }}

),

deals as (

    select
        hs_deals.org_id,
        hs_deals.deal_id,
        hs_deals.created_at,
        hs_deals.pipeline,
        hs_deals.deal_stage,
        coalesce(hs_deals.amount, 0) as amount,
        {{ local_date('hs_deals.created_at', tz='organizations.reporting_timezone') }} as created_date,
        organizations.reporting_timezone
    from {{ ref('stg_aiop__hs_deals') }} as hs_deals
    inner join organizations
        on hs_deals.org_id = organizations.org_id
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
        is_known_stage
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
        org_id,
        deal_id,
        pipeline,
        amount,
        created_date,
        deal_stage,
        stage_label,
        outcome,
        is_known_stage,
        entry_date as valid_from_date,
        lead(entry_date) over (partition by org_id, deal_id order by entry_date) as valid_to_date
    from stage_changes
    where previous_stage is distinct from deal_stage or entry_date = created_date

)

select * from final

-- HubSpot deal counts and values per organization and local date, as of the end of each
-- date, zero-filled from the org's first HubSpot record to its as_of_date. Counts and
-- values are running sums of the days deals enter and leave each outcome, so open + won +
-- lost = total_deals on every row.
with

days as (

    select
        org_id,
        spine_date
    from {{ ref('int_org_days_spined') }}
    where source_system = 'hubspot'

),

stages as (

    select * from {{ ref('int_deal_stages_dated') }}

),

stage_deltas as (

    select
        org_id,
        stage_label,
        outcome,
        valid_from_date as delta_date,
        1 as deal_delta,
        amount as amount_delta
    from stages
    union all
    select
        org_id,
        stage_label,
        outcome,
        valid_to_date as delta_date,
        -1 as deal_delta,
        -amount as amount_delta
    from stages
    where valid_to_date is not null

),

outcome_deltas_daily as (

    select
        org_id,
        delta_date,
        coalesce(sum(deal_delta) filter (where outcome = 'open'), 0) as open_deals,
        coalesce(sum(deal_delta) filter (where outcome = 'won'), 0) as won_deals,
        coalesce(sum(deal_delta) filter (where outcome = 'lost'), 0) as lost_deals,
        coalesce(sum(amount_delta) filter (where outcome = 'open'), 0) as open_value,
        coalesce(sum(amount_delta) filter (where outcome = 'won'), 0) as won_value,
        coalesce(sum(amount_delta) filter (where outcome = 'lost'), 0) as lost_value
    from stage_deltas
    group by org_id, delta_date

),

label_deltas_daily as (

    select
        org_id,
        stage_label,
        delta_date,
        sum(deal_delta) as deal_delta
    from stage_deltas
    group by org_id, stage_label, delta_date

),

org_labels as (

    select distinct
        org_id,
        stage_label
    from stages

),

label_days as (

    select
        days.org_id,
        days.spine_date,
        org_labels.stage_label,
        sum(coalesce(label_deltas_daily.deal_delta, 0)) over (
            partition by days.org_id, org_labels.stage_label
            order by days.spine_date
            rows unbounded preceding
        ) as deals_in_stage
    from days
    inner join org_labels
        on days.org_id = org_labels.org_id
    left join label_deltas_daily
        on days.org_id = label_deltas_daily.org_id
        and org_labels.stage_label = label_deltas_daily.stage_label
        and days.spine_date = label_deltas_daily.delta_date

),

deals_by_stage as (

    select
        org_id,
        spine_date,
        {{ json_object_agg('stage_label', 'deals_in_stage', filter='deals_in_stage <> 0') }} as deals_by_stage
    from label_days
    group by org_id, spine_date

),

outcomes_to_date as (

    select
        days.org_id,
        days.spine_date,
        sum(coalesce(outcome_deltas_daily.open_deals, 0)) over org_to_date as open_deals,
        sum(coalesce(outcome_deltas_daily.won_deals, 0)) over org_to_date as won_deals,
        sum(coalesce(outcome_deltas_daily.lost_deals, 0)) over org_to_date as lost_deals,
        sum(coalesce(outcome_deltas_daily.open_value, 0)) over org_to_date as total_pipeline_value,
        sum(coalesce(outcome_deltas_daily.won_value, 0)) over org_to_date as won_value,
        sum(coalesce(outcome_deltas_daily.lost_value, 0)) over org_to_date as lost_value
    from days
    left join outcome_deltas_daily
        on days.org_id = outcome_deltas_daily.org_id
        and days.spine_date = outcome_deltas_daily.delta_date
    window org_to_date as (partition by days.org_id order by days.spine_date rows unbounded preceding)

),

final as (

    select
        outcomes_to_date.org_id,
        outcomes_to_date.spine_date as snapshot_date,
        outcomes_to_date.open_deals + outcomes_to_date.won_deals + outcomes_to_date.lost_deals as total_deals,
        outcomes_to_date.open_deals,
        outcomes_to_date.won_deals,
        outcomes_to_date.lost_deals,
        outcomes_to_date.total_pipeline_value,
        outcomes_to_date.won_value,
        outcomes_to_date.lost_value,
        -- rounded to the cent here, exactly: the mart's numeric(18, 2) cast of an unrounded
        -- quotient would round a binary double on engines that divide decimals as doubles
        {{ divide_round('outcomes_to_date.won_value', 'outcomes_to_date.won_deals', 2) }} as average_deal_size,
        coalesce(deals_by_stage.deals_by_stage, {{ json_literal('{}') }}) as deals_by_stage
    from outcomes_to_date
    left join deals_by_stage
        on outcomes_to_date.org_id = deals_by_stage.org_id
        and outcomes_to_date.spine_date = deals_by_stage.spine_date

)

select * from final

-- Case counts per organization and local date, zero-filled from the org's first case to its
-- as_of_date. Open and closed follow closed_at (a case closed "before" it opened, a data
-- error, is closed on its opening date). The JSON breakdowns count the cases opened on or
-- before the date by type and by category, keys with a count only; a blank label is
-- `unknown`. It reads the incremental daily aggregate of case events
-- (int_case_events_daily_aggregated) and is a full build: a few rows per org and day.
with

days as (

    select
        org_id,
        spine_date
    from {{ ref('int_org_days_spined') }}
    where source_system = 'azure_sql'

),

case_events as (

    select
        org_id,
        case_event,
        event_date,
        case_type,
        case_category,
        cases
    from {{ ref('int_case_events_daily_aggregated') }}

),

opened_daily as (

    select
        org_id,
        event_date as opened_date,
        sum(cases) as opened_cases
    from case_events
    where case_event = 'opened'
    group by org_id, event_date

),

closed_daily as (

    select
        org_id,
        event_date as closed_date,
        sum(cases) as closed_cases
    from case_events
    where case_event = 'closed'
    group by org_id, event_date

),

-- the two breakdowns as one (dimension, label) grain
labels_opened_daily as (

    select
        org_id,
        'type' as dimension,
        case_type as label,
        event_date as opened_date,
        sum(cases) as opened_cases
    from case_events
    where case_event = 'opened'
    group by org_id, case_type, event_date
    union all
    select
        org_id,
        'category' as dimension,
        case_category as label,
        event_date as opened_date,
        sum(cases) as opened_cases
    from case_events
    where case_event = 'opened'
    group by org_id, case_category, event_date

),

org_labels as (

    select distinct
        org_id,
        dimension,
        label
    from labels_opened_daily

),

label_days as (

    select
        days.org_id,
        days.spine_date,
        org_labels.dimension,
        org_labels.label,
        sum(coalesce(labels_opened_daily.opened_cases, 0)) over (
            partition by days.org_id, org_labels.dimension, org_labels.label
            order by days.spine_date
            rows unbounded preceding
        ) as cases_to_date
    from days
    inner join org_labels
        on days.org_id = org_labels.org_id
    left join labels_opened_daily
        on days.org_id = labels_opened_daily.org_id
        and org_labels.dimension = labels_opened_daily.dimension
        and org_labels.label = labels_opened_daily.label
        and days.spine_date = labels_opened_daily.opened_date

),

breakdowns as (

    select
        org_id,
        spine_date,
        {{ json_object_agg('label', 'cases_to_date', filter="dimension = 'type' and cases_to_date <> 0") }}
            as cases_by_type,
        {{ json_object_agg('label', 'cases_to_date', filter="dimension = 'category' and cases_to_date <> 0") }}
            as cases_by_category
    from label_days
    group by org_id, spine_date

),

daily as (

    select
        days.org_id,
        days.spine_date,
        sum(coalesce(opened_daily.opened_cases, 0)) over org_to_date as total_cases,
        sum(coalesce(closed_daily.closed_cases, 0)) over org_to_date as closed_to_date,
        sum(coalesce(opened_daily.opened_cases, 0)) over last_30_days as new_cases_30d,
        sum(coalesce(closed_daily.closed_cases, 0)) over last_30_days as closed_cases_30d
    from days
    left join opened_daily
        on days.org_id = opened_daily.org_id
        and days.spine_date = opened_daily.opened_date
    left join closed_daily
        on days.org_id = closed_daily.org_id
        and days.spine_date = closed_daily.closed_date
    window
        org_to_date as (partition by days.org_id order by days.spine_date rows unbounded preceding),
        last_30_days as (
            partition by days.org_id order by days.spine_date
            range between interval '29 days' preceding and current row
        )

),

final as (

    select
        daily.org_id,
        daily.spine_date as snapshot_date,
        daily.total_cases,
        daily.new_cases_30d,
        daily.closed_cases_30d,
        coalesce(breakdowns.cases_by_type, {{ json_literal('{}') }}) as cases_by_type,
        {{ json_build_object([
            "'open'", 'daily.total_cases - daily.closed_to_date',
            "'closed'", 'daily.closed_to_date',
        ]) }} as cases_by_status,
        coalesce(breakdowns.cases_by_category, {{ json_literal('{}') }}) as cases_by_category
    from daily
    left join breakdowns
        on daily.org_id = breakdowns.org_id
        and daily.spine_date = breakdowns.spine_date

)

select * from final

{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['org_id', 'aggregate_key'],
        on_schema_change='fail',
        indexes=[{'columns': ['org_id', 'aggregate_key'], 'unique': true}],
    )
}}

-- Cases opened and closed per organization, local date, type and category (a blank label
-- is `unknown`; a case closed "before" it opened, a data error, closes on its opening
-- date). Incremental and additive: a build reads only the cases landed after the
-- aggregate's watermark (org_loaded_watermark) and adds them (org_additive_merge); a case
-- changed in place (closed, relabelled) rebuilds it in full.
with

organizations as (

    select
        org_id,
        reporting_timezone
    from {{ ref('stg_aiop__organizations') }}

),

localized_cases as (

    select
        source_cases.org_id,
        coalesce(source_cases.case_type, 'unknown') as case_type,
        coalesce(source_cases.case_category, 'unknown') as case_category,
        {{ local_date('source_cases.opened_at', tz='organizations.reporting_timezone') }} as opened_date,
        {{ local_date('source_cases.closed_at', tz='organizations.reporting_timezone') }} as closed_date,
        source_cases._loaded_at
    from {{ org_rows_of(ref('stg_aiop__cases')) }} as source_cases
    inner join organizations
        on source_cases.org_id = organizations.org_id
    where
        source_cases.opened_at is not null

),

-- greatest() would skip a NULL closed_date: an open case stays open
case_events as (

    select
        org_id,
        'opened' as case_event,
        opened_date as event_date,
        case_type,
        case_category,
        _loaded_at
    from localized_cases
    union all
    select
        org_id,
        'closed' as case_event,
        greatest(closed_date, opened_date) as event_date,
        case_type,
        case_category,
        _loaded_at
    from localized_cases
    where closed_date is not null

),

events_daily as (

    select
        org_id,
        case_event,
        event_date,
        case_type,
        case_category,
        count(*) as cases,
        max(_loaded_at) as loaded_through
    from case_events
    group by org_id, case_event, event_date, case_type, case_category

),

final as (

    {{ org_additive_merge(
        'events_daily', ['case_event', 'event_date', 'case_type', 'case_category'], integers=['cases'],
    ) }}

)

select * from final

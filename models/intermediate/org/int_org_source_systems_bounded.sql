-- One row per (organization, source system) that has data: the local date of the org's
-- first record in that system and the org's as_of_date. Every org mart spans exactly this
-- range, so an org without data in a system has no rows in its marts. A full build: the
-- large sources' first dates come from their incremental daily aggregates (a few thousand
-- rows), the rest from tables of at most tens of thousands of rows.
with

organizations as (

    select
        org_id,
        reporting_timezone
    from {{ ref('stg_aiop__organizations') }}

),

-- first instants of timestamped records, per org and system
first_instants as (

    select
        org_id,
        'hubspot' as source_system,
        min(created_at) as first_at
    from {{ ref('stg_aiop__hs_contacts') }}
    group by org_id
    union all
    select
        org_id,
        'hubspot' as source_system,
        min(changed_at) as first_at
    from {{ ref('stg_aiop__hs_contact_lifecycle_history') }}
    group by org_id
    union all
    select
        org_id,
        'hubspot' as source_system,
        min(created_at) as first_at
    from {{ ref('stg_aiop__hs_deals') }}
    group by org_id
    union all
    select
        org_id,
        'hubspot' as source_system,
        min(entered_at) as first_at
    from {{ ref('stg_aiop__hs_deal_stage_history') }}
    group by org_id
    union all
    select
        org_id,
        'zoom' as source_system,
        min(created_at) as first_at
    from {{ ref('stg_aiop__zoom_users') }}
    group by org_id
    union all
    select
        org_id,
        'zoom' as source_system,
        min(created_at) as first_at
    from {{ ref('stg_aiop__zoom_call_queues') }}
    group by org_id

),

first_instant_dates as (

    select
        first_instants.org_id,
        first_instants.source_system,
        {{ local_date('first_instants.first_at', tz='organizations.reporting_timezone') }} as first_date
    from first_instants
    inner join organizations
        on first_instants.org_id = organizations.org_id

),

-- first dates of dated records (already calendar dates in the org's books), and of the
-- large timestamped sources from their incremental daily aggregates (already local dates)
first_dates as (

    select
        org_id,
        'quickbooks' as source_system,
        min(txn_date) as first_date
    from {{ ref('int_qb_journal_lines_daily_aggregated') }}
    group by org_id
    union all
    select
        org_id,
        'zoom' as source_system,
        min(metric_date) as first_date
    from {{ ref('int_zoom_meetings_daily_aggregated') }}
    group by org_id
    union all
    select
        org_id,
        'zoom' as source_system,
        min(metric_date) as first_date
    from {{ ref('int_zoom_calls_daily_aggregated') }}
    group by org_id
    union all
    select
        org_id,
        'azure_sql' as source_system,
        min(event_date) as first_date
    from {{ ref('int_case_events_daily_aggregated') }}
    where case_event = 'opened'
    group by org_id
    union all
    select
        org_id,
        'softbase' as source_system,
        min(event_date) as first_date
    from {{ ref('int_sb_work_orders_daily_aggregated') }}
    group by org_id
    union all
    select
        org_id,
        'bigquery_ga4' as source_system,
        min(report_date) as first_date
    from {{ ref('stg_aiop__ga4_daily') }}
    group by org_id
    union all
    select
        org_id,
        'bigquery_ga4' as source_system,
        min(report_date) as first_date
    from {{ ref('stg_aiop__ga4_screens_daily') }}
    group by org_id
    union all
    select
        org_id,
        'bigquery_ga4' as source_system,
        min(report_date) as first_date
    from {{ ref('stg_aiop__app_store_downloads_daily') }}
    group by org_id
    union all
    select
        org_id,
        'softbase' as source_system,
        min(invoice_date) as first_date
    from {{ ref('int_sb_invoices_daily_aggregated') }}
    group by org_id
    union all
    select
        org_id,
        'softbase' as source_system,
        min(acquired_date) as first_date
    from {{ ref('stg_aiop__sb_rental_units') }}
    group by org_id
    union all
    select
        org_id,
        'softbase' as source_system,
        min(start_date) as first_date
    from {{ ref('stg_aiop__sb_rental_contracts') }}
    group by org_id
    union all
    select
        org_id,
        'softbase' as source_system,
        min(start_date) as first_date
    from {{ ref('stg_aiop__sb_unit_maintenance') }}
    group by org_id
    union all
    select
        org_id,
        'softbase_gl' as source_system,
        min(posting_date) as first_date
    from {{ ref('int_sb_gl_entries_daily_aggregated') }}
    group by org_id

),

all_first_dates as (

    select
        org_id,
        source_system,
        first_date
    from first_instant_dates
    union all
    select
        org_id,
        source_system,
        first_date
    from first_dates

),

bounded as (

    select
        all_first_dates.org_id,
        all_first_dates.source_system,
        organizations.reporting_timezone,
        min(all_first_dates.first_date) as first_date,
        {{ as_of_date(tz='organizations.reporting_timezone') }} as as_of_date
    from all_first_dates
    inner join organizations
        on all_first_dates.org_id = organizations.org_id
    where all_first_dates.first_date is not null
    group by
        all_first_dates.org_id,
        all_first_dates.source_system,
        organizations.reporting_timezone

),

final as (

    select
        org_id,
        source_system,
        reporting_timezone,
        first_date,
        as_of_date
    from bounded
    where first_date <= as_of_date

)

select * from final

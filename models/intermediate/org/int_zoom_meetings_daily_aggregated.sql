{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['org_id', 'aggregate_key'],
        on_schema_change='fail',
        indexes=[{'columns': ['org_id', 'aggregate_key'], 'unique': true}],
    )
}}

-- Zoom meetings per organization and local start date: count, participants and the seconds
-- of the timed ones. Incremental and additive: a build reads only the meetings landed after
-- the aggregate's watermark (org_loaded_watermark) and adds them to the days they fall on
-- (org_additive_merge); a meeting changed or deleted in place rebuilds it in full.
with

organizations as (

    select
        org_id,
        reporting_timezone
    from {{ ref('stg_aiop__organizations') }}

),

meetings as (

    select
        meetings.org_id,
        {{ local_date('meetings.started_at', tz='organizations.reporting_timezone') }} as metric_date,
        meetings.duration_seconds,
        meetings.participants_count,
        meetings._loaded_at
    from {{ org_rows_of(ref('stg_aiop__zoom_meetings')) }} as meetings
    inner join organizations
        on meetings.org_id = organizations.org_id

),

meetings_daily as (

    select
        org_id,
        metric_date,
        count(*) as total_meetings,
        sum(duration_seconds) as meeting_seconds,
        count(duration_seconds) as timed_meetings,
        sum(participants_count) as total_participants,
        max(_loaded_at) as loaded_through
    from meetings
    group by org_id, metric_date

),

final as (

    {{ org_additive_merge(
        'meetings_daily', ['metric_date'],
        integers=['total_meetings', 'meeting_seconds', 'timed_meetings', 'total_participants'],
    ) }}

)

select * from final

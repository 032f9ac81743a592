{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['org_id', 'aggregate_key'],
        on_schema_change='fail',
        indexes=[{'columns': ['org_id', 'aggregate_key'], 'unique': true}],
    )
}}

-- Zoom Phone calls per organization and local start date: counts by direction and result
-- and the seconds of the timed ones. Incremental and additive: a build reads only the calls
-- landed after the aggregate's watermark (org_loaded_watermark) and adds them to the days
-- they fall on (org_additive_merge); a call changed or deleted in place rebuilds it in full.
with

organizations as (

    select
        org_id,
        reporting_timezone
    from {{ ref('stg_aiop__organizations') }}

),

calls as (

    select
        calls.org_id,
        {{ local_date('calls.started_at', tz='organizations.reporting_timezone') }} as metric_date,
        calls.direction,
        calls.result,
        calls.duration_seconds,
        calls._loaded_at
    from {{ org_rows_of(ref('stg_aiop__zoom_phone_calls')) }} as calls
    inner join organizations
        on calls.org_id = organizations.org_id

),

calls_daily as (

    select
        org_id,
        metric_date,
        count(*) as total_calls,
        count(*) filter (where direction = 'inbound') as inbound_calls,
        count(*) filter (where direction = 'outbound') as outbound_calls,
        count(*) filter (where direction = 'inbound' and result in ('missed', 'abandoned')) as missed_calls,
        sum(duration_seconds) as call_seconds,
        count(duration_seconds) as timed_calls,
        max(_loaded_at) as loaded_through
    from calls
    group by org_id, metric_date

),

final as (

    {{ org_additive_merge(
        'calls_daily', ['metric_date'],
        integers=['total_calls', 'inbound_calls', 'outbound_calls', 'missed_calls', 'call_seconds', 'timed_calls'],
    ) }}

)

select * from final

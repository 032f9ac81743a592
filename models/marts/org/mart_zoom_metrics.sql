-- Zoom users, meetings, calls and queues per organization and local date (the seed's
-- mart_zoom_metrics). id (org_row_id) = org_id * 100000 + days since 1970-01-01.
with

zoom_daily as (

    select * from {{ ref('int_zoom_daily_summarized') }}

),

typed as (

    select
        {{ org_row_id(date='metric_date') }} as id,
        org_id::integer as org_id,
        metric_date,
        total_users::integer as total_users,
        phone_users::integer as phone_users,
        total_meetings::integer as total_meetings,
        total_meeting_minutes::integer as total_meeting_minutes,
        total_participants::integer as total_participants,
        avg_meeting_duration_mins::numeric(8, 2) as avg_meeting_duration_mins,
        total_calls::integer as total_calls,
        inbound_calls::integer as inbound_calls,
        outbound_calls::integer as outbound_calls,
        missed_calls::integer as missed_calls,
        total_call_minutes::integer as total_call_minutes,
        avg_call_duration_mins::numeric(8, 2) as avg_call_duration_mins,
        queue_count::integer as queue_count,
        'zoom'::varchar(50) as source_system
    from zoom_daily

),

final as (

    {{ org_build_times('typed') }}

)

select * from final

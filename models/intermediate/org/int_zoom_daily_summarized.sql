-- Zoom users, meetings, calls and queues per organization and local date, zero-filled from
-- the org's first Zoom record to its as_of_date. A user (queue) counts on every day from
-- its creation date through its deactivation (deletion) date, both in the org's time zone;
-- meetings and calls count on the local date they started (their daily aggregates are
-- incremental; this model is a full build over them and the small user and queue tables:
-- a few rows per org and day).
with

organizations as (

    select
        org_id,
        reporting_timezone
    from {{ ref('stg_aiop__organizations') }}

),

days as (

    select
        org_id,
        spine_date
    from {{ ref('int_org_days_spined') }}
    where source_system = 'zoom'

),

users as (

    select
        zoom_users.org_id,
        zoom_users.has_phone_license,
        {{ local_date('zoom_users.created_at', tz='organizations.reporting_timezone') }} as created_date,
        {{ local_date('zoom_users.deactivated_at', tz='organizations.reporting_timezone') }} as deactivated_date
    from {{ ref('stg_aiop__zoom_users') }} as zoom_users
    inner join organizations
        on zoom_users.org_id = organizations.org_id
    where zoom_users.created_at is not null

),

queues as (

    select
        call_queues.org_id,
        {{ local_date('call_queues.created_at', tz='organizations.reporting_timezone') }} as created_date,
        {{ local_date('call_queues.deleted_at', tz='organizations.reporting_timezone') }} as deleted_date
    from {{ ref('stg_aiop__zoom_call_queues') }} as call_queues
    inner join organizations
        on call_queues.org_id = organizations.org_id
    where call_queues.created_at is not null

),

existence_deltas as (

    select
        org_id,
        created_date as delta_date,
        1 as user_delta,
        case when has_phone_license then 1 else 0 end as phone_user_delta,
        0 as queue_delta
    from users
    union all
    select
        org_id,
        greatest(deactivated_date, created_date) + 1 as delta_date,
        -1 as user_delta,
        case when has_phone_license then -1 else 0 end as phone_user_delta,
        0 as queue_delta
    from users
    where deactivated_date is not null
    union all
    select
        org_id,
        created_date as delta_date,
        0 as user_delta,
        0 as phone_user_delta,
        1 as queue_delta
    from queues
    union all
    select
        org_id,
        greatest(deleted_date, created_date) + 1 as delta_date,
        0 as user_delta,
        0 as phone_user_delta,
        -1 as queue_delta
    from queues
    where deleted_date is not null

),

existence_deltas_daily as (

    select
        org_id,
        delta_date,
        sum(user_delta) as user_delta,
        sum(phone_user_delta) as phone_user_delta,
        sum(queue_delta) as queue_delta
    from existence_deltas
    group by org_id, delta_date

),

meetings_daily as (

    select
        org_id,
        metric_date,
        total_meetings,
        meeting_seconds,
        timed_meetings,
        total_participants
    from {{ ref('int_zoom_meetings_daily_aggregated') }}

),

calls_daily as (

    select
        org_id,
        metric_date,
        total_calls,
        inbound_calls,
        outbound_calls,
        missed_calls,
        call_seconds,
        timed_calls
    from {{ ref('int_zoom_calls_daily_aggregated') }}

),

daily as (

    select
        days.org_id,
        days.spine_date,
        sum(coalesce(existence_deltas_daily.user_delta, 0)) over org_to_date as total_users,
        sum(coalesce(existence_deltas_daily.phone_user_delta, 0)) over org_to_date as phone_users,
        sum(coalesce(existence_deltas_daily.queue_delta, 0)) over org_to_date as queue_count,
        coalesce(meetings_daily.total_meetings, 0) as total_meetings,
        coalesce(meetings_daily.meeting_seconds, 0) as meeting_seconds,
        meetings_daily.timed_meetings,
        coalesce(meetings_daily.total_participants, 0) as total_participants,
        coalesce(calls_daily.total_calls, 0) as total_calls,
        coalesce(calls_daily.inbound_calls, 0) as inbound_calls,
        coalesce(calls_daily.outbound_calls, 0) as outbound_calls,
        coalesce(calls_daily.missed_calls, 0) as missed_calls,
        coalesce(calls_daily.call_seconds, 0) as call_seconds,
        calls_daily.timed_calls
    from days
    left join existence_deltas_daily
        on days.org_id = existence_deltas_daily.org_id
        and days.spine_date = existence_deltas_daily.delta_date
    left join meetings_daily
        on days.org_id = meetings_daily.org_id
        and days.spine_date = meetings_daily.metric_date
    left join calls_daily
        on days.org_id = calls_daily.org_id
        and days.spine_date = calls_daily.metric_date
    window org_to_date as (partition by days.org_id order by days.spine_date rows unbounded preceding)

),

final as (

    select
        org_id,
        spine_date as metric_date,
        total_users,
        phone_users,
        total_meetings,
        {{ divide_round('meeting_seconds', 60, 0) }} as total_meeting_minutes,
        total_participants,
        {{ divide_round('meeting_seconds', '60 * timed_meetings', 2) }} as avg_meeting_duration_mins,
        total_calls,
        inbound_calls,
        outbound_calls,
        missed_calls,
        {{ divide_round('call_seconds', 60, 0) }} as total_call_minutes,
        {{ divide_round('call_seconds', '60 * timed_calls', 2) }} as avg_call_duration_mins,
        queue_count
    from daily

)

select * from final

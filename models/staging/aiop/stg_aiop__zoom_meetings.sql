-- Zoom meetings with their duration in seconds (NULL when the end is missing or before the start).
with

source as (

    select
        org_id,
        meeting_uuid,
        host_user_id,
        start_time,
        end_time,
        participants_count,
        _loaded_at
    from {{ source('aiop', 'zoom_meetings') }}

),

renamed as (

    select
        org_id,
        meeting_uuid,
        host_user_id,
        start_time as started_at,
        end_time as ended_at,
        coalesce(participants_count, 0) as participants_count,
        case
            when end_time >= start_time then {{ seconds_between('start_time', 'end_time') }}
        end as duration_seconds,
        _loaded_at
    from source

)

select * from renamed

-- One row per product event. The event type is trimmed and lower-cased; the metadata JSON
-- stays behind (nothing downstream reads it). Exact duplicates (same user, type and time)
-- stay too: counts of events count distinct (type, time) per user and day.
with

source as (

    select
        id,
        user_id,
        event_type,
        event_timestamp
    from {{ source('app', 'user_events') }}

),

renamed as (

    select
        id as event_id,
        user_id,
        lower(trim(event_type)) as event_type,
        event_timestamp as event_at,
        lower(trim(event_type)) in ('login', 'dashboard_access', 'feedback') as is_known_type
    from source

)

select * from renamed

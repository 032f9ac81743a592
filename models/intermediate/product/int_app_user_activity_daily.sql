-- One row per user and local date (reporting time zone) with any engagement: logins and
-- dashboard views (an event delivered twice, same type and time, counts once) and statement
-- uploads (distinct upload sessions whose rows were created that day). Events of users
-- unknown to the users table (orphans) are left out here and reported by a test. Marts
-- read it up to as_of_date.
--
-- Incremental: a build recomputes only the (user, day) keys touched since the last one:
-- days of new events (event ids only grow, so late events are found however old their
-- time), every day of users who arrived since (their events were orphans until then), and
-- upload days of transactions the unified stream wrote since and of the rows they replaced
-- (a transaction written again can move to another day; a copy that restates its legacy row
-- unchanged touches nothing). Each key is recomputed from all its events through the
-- (user_id, event_timestamp) index, and only keys whose row changed are written. A deletion
-- or an in-place correction in a source makes the next build a full one (macros/incremental/).
{{
    config(
        materialized='incremental',
        meta={'written_rows': {'column': 'loaded_at'}},
        unique_key=['user_id', 'activity_date'],
        incremental_strategy='delete+insert',
        post_hook=["{{ delete_rows(this, 'logins < 0') }}"]
    )
}}

with

-- the source CTEs are read several times: not_materialized() (PostgreSQL's NOT MATERIALIZED)
-- lets each use keep its own filters and indexes instead of a full copy of the source on disk
events as {{ not_materialized() }} (

    select * from {{ ref('stg_app__user_events') }}

),

transactions as {{ not_materialized() }} (

    select * from {{ ref('int_app_transactions_unioned') }}
    where
        upload_session_id is not null
        and not is_orphan
        and created_at is not null

),

users as {{ not_materialized() }} (

    select user_id from {{ ref('stg_app__users') }}

),

{% if is_incremental() %}

watermarks as (

    -- ids are handed out before commit, so a writer can commit a lower id after a higher one
    -- was read: re-read a small overlap (var incremental_id_overlap); recomputing is idempotent
    -- the newest build's row (the loaded_at index) holds the highest ids read so far
    select
        coalesce(max(loaded_through_event_id), 0) - {{ var('incremental_id_overlap', 1000) }} as event_id,
        coalesce(max(loaded_through_user_id), 0) as user_id,
        coalesce(max(loaded_at), '-infinity'::{{ type_timestamptz() }}) as loaded_at
    from (
        select
            loaded_through_event_id,
            loaded_through_user_id,
            loaded_at
        from {{ this }}
        order by loaded_at desc
        limit 1
    ) as newest

),

written_transactions as (

    -- the rows of the unified stream written since the last build (the loaded_at index)
    select unified.*
    from {{ ref('int_app_transactions_unioned') }} as unified
    cross join watermarks
    where
        unified.loaded_at > watermarks.loaded_at
        and unified.replaces_unchanged is not true

),

touched as (

    select
        events.user_id,
        {{ local_date('events.event_at') }} as activity_date
    from events
    cross join watermarks
    where events.event_id > watermarks.event_id
    union
    select
        events.user_id,
        {{ local_date('events.event_at') }} as activity_date
    from events
    inner join users
        on events.user_id = users.user_id
    cross join watermarks
    where users.user_id > watermarks.user_id
    union
    -- upload days of the transactions the unified stream wrote since, and the days of the
    -- rows they replaced (a copy can move an upload to another day); a row that restates
    -- what it replaced unchanged (an l1 copy of a legacy row) touches nothing
    select
        written.user_id,
        {{ local_date('written.created_at') }} as activity_date
    from written_transactions as written
    where
        written.upload_session_id is not null
        and not written.is_orphan
        and written.created_at is not null
    union
    select
        written.replaced_user_id,
        {{ local_date('written.replaced_created_at') }} as activity_date
    from written_transactions as written
    where written.replaced_user_id is not null and written.replaced_created_at is not null

),

scoped_events as (

    -- every event of each touched key: a range scan of the (user_id, event_timestamp) index
    select events.*
    from touched
    inner join events
        on
        touched.user_id = events.user_id
        and events.event_at >= {{ local_timestamp_start('touched.activity_date') }}
        and events.event_at < {{ local_timestamp_start('touched.activity_date + 1') }}

),

scoped_transactions as (

    select transactions.*
    from transactions
    inner join touched
        on
        transactions.user_id = touched.user_id
        and transactions.created_at >= {{ local_timestamp_start('touched.activity_date') }}
        and transactions.created_at < {{ local_timestamp_start('touched.activity_date + 1') }}

),

{% else %}

scoped_events as (

    select * from events

),

scoped_transactions as (

    select * from transactions

),

{% endif %}

event_days as (

    select
        scoped_events.user_id,
        {{ local_date('scoped_events.event_at') }} as activity_date,
        count(distinct scoped_events.event_at) filter (where scoped_events.event_type = 'login') as logins,
        count(distinct scoped_events.event_at) filter (
            where scoped_events.event_type = 'dashboard_access'
        ) as dashboard_accesses,
        count(distinct scoped_events.event_at) filter (where scoped_events.event_type = 'feedback') as feedback_events,
        0 as upload_sessions,
        min(scoped_events.event_at) filter (where scoped_events.event_type = 'login') as first_login_at,
        max(scoped_events.event_at) filter (where scoped_events.event_type = 'login') as last_login_at
    from scoped_events
    inner join users
        on scoped_events.user_id = users.user_id
    group by scoped_events.user_id, activity_date

),

upload_days as (

    select
        user_id,
        {{ local_date('created_at') }} as activity_date,
        0 as logins,
        0 as dashboard_accesses,
        0 as feedback_events,
        count(distinct upload_session_id) as upload_sessions,
        null::{{ type_timestamptz() }} as first_login_at,
        null::{{ type_timestamptz() }} as last_login_at
    from scoped_transactions
    group by user_id, activity_date

),

combined as (

    select * from event_days
    union all
    select * from upload_days

),

final as (

    select
        user_id,
        activity_date,
        sum(logins)::int as logins,
        sum(dashboard_accesses)::int as dashboard_accesses,
        sum(feedback_events)::int as feedback_events,
        sum(upload_sessions)::int as upload_sessions,
        sum(logins) > 0 as has_login,
        sum(dashboard_accesses) > 0 as has_dashboard_access,
        sum(upload_sessions) > 0 as has_upload,
        min(first_login_at) as first_login_at,
        max(last_login_at) as last_login_at,
        -- how far into each source this build had read (the next build starts after it)
        (select max(events.event_id) from events) as loaded_through_event_id,
        (select max(users.user_id) from users) as loaded_through_user_id,
        {{ build_started_at() }} as loaded_at
    from combined
    group by user_id, activity_date

){{ ',' if is_incremental() }}

{% if is_incremental() %}

vanished as (

    -- a touched key with no activity left (its only upload moved to another day) is written
    -- as a tombstone (logins = -1), so that delete+insert removes its old row; the post-hook
    -- deletes the tombstone in the same transaction
    select
        touched.user_id,
        touched.activity_date,
        -1 as logins,
        0 as dashboard_accesses,
        0 as feedback_events,
        0 as upload_sessions,
        false as has_login,
        false as has_dashboard_access,
        false as has_upload,
        null::{{ type_timestamptz() }} as first_login_at,
        null::{{ type_timestamptz() }} as last_login_at,
        null::int as loaded_through_event_id,
        null::int as loaded_through_user_id,
        {{ build_started_at() }} as loaded_at
    from touched
    where not exists (
        select 1 from final
        where final.user_id = touched.user_id and final.activity_date = touched.activity_date
    )

)

-- a recomputed key whose row is already as built is left alone (a re-delivered duplicate
-- event, a day touched by a restated upload): its loaded_at stays, so the marts that read
-- the rows written since their last build do not recompute its days
select final.*
from final
where
    not exists (
        select 1 from {{ this }} as built
        where
            built.user_id = final.user_id
            and built.activity_date = final.activity_date
            and built.logins = final.logins
            and built.dashboard_accesses = final.dashboard_accesses
            and built.feedback_events = final.feedback_events
            and built.upload_sessions = final.upload_sessions
            and built.first_login_at is not distinct from final.first_login_at
            and built.last_login_at is not distinct from final.last_login_at
    )
union all
select * from vanished

{% else %}

select * from final

{% endif %}

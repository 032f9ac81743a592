-- One row per user and local date (reporting time zone) with any engagement: logins and
-- dashboard views (duplicates of an event counted once) and statement uploads (distinct
-- upload sessions whose rows were created that day). Events of users unknown to the users
-- table (orphans) are left out here and reported by a test. Marts read it up to as_of_date.
{{ config(materialized='table') }}

with

events as (

    select * from {{ ref('stg_app__user_events') }}
    where not is_duplicate

),

transactions as (

    select * from {{ ref('int_app_transactions_unioned') }}

),

users as (

    select user_id from {{ ref('stg_app__users') }}

),

event_days as (

    select
        events.user_id,
        {{ local_date('events.event_at') }} as activity_date,
        count(*) filter (where events.event_type = 'login') as logins,
        count(*) filter (where events.event_type = 'dashboard_access') as dashboard_accesses,
        count(*) filter (where events.event_type = 'feedback') as feedback_events,
        0 as upload_sessions
    from events
    inner join users
        on events.user_id = users.user_id
    group by 1, 2

),

upload_days as (

    select
        transactions.user_id,
        {{ local_date('transactions.created_at') }} as activity_date,
        0 as logins,
        0 as dashboard_accesses,
        0 as feedback_events,
        count(distinct transactions.upload_session_id) as upload_sessions
    from transactions
    where
        transactions.upload_session_id is not null
        and not transactions.is_orphan
        and transactions.created_at is not null
    group by 1, 2

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
        sum(upload_sessions) > 0 as has_upload
    from combined
    group by 1, 2

)

select * from final

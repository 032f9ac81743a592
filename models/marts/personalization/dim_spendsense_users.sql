-- One row per SpendSense account with its current persona and activity counts. The
-- current persona is the application's user_profiles row; a user without a profile falls
-- back to their latest persona_history assignment.
with

users as (

    select
        user_id,
        role,
        consent_status,
        consent_version,
        signup_at
    from {{ ref('stg_spendsense__users') }}

),

profiles as (

    select
        user_id,
        persona_id,
        persona_name
    from {{ ref('stg_spendsense__user_profiles') }}

),

assignments as (

    select
        user_id,
        persona_id,
        persona_name,
        is_current
    from {{ ref('int_persona_assignments_ranged') }}

),

personas as (

    select
        persona_id,
        persona_name
    from {{ ref('spendsense_personas') }}

),

uploads as (

    select
        user_id,
        upload_id,
        status,
        created_at
    from {{ ref('stg_spendsense__data_uploads') }}

),

recommendations as (

    select
        user_id,
        status
    from {{ ref('stg_spendsense__recommendations') }}

),

sessions as (

    select
        user_id,
        created_at,
        expires_at
    from {{ ref('stg_spendsense__sessions') }}

),

history_per_user as (

    select
        user_id,
        count(*) - 1 as persona_changes,
        max(persona_id) filter (where is_current) as history_persona_id,
        max(persona_name) filter (where is_current) as history_persona_name
    from assignments
    group by user_id

),

uploads_per_user as (

    select
        user_id,
        count(*) as uploads_total,
        count(*) filter (where status = 'failed') as uploads_failed
    from uploads
    group by user_id

),

uploads_ranked as (

    select
        user_id,
        status,
        row_number() over (partition by user_id order by created_at desc, upload_id desc) as recency_rank
    from uploads

),

last_uploads as (

    select
        user_id,
        status as last_upload_status
    from uploads_ranked
    where recency_rank = 1

),

recommendations_per_user as (

    select
        user_id,
        count(*) as recommendations_total,
        count(*) filter (where status = 'approved') as recommendations_approved,
        count(*) filter (where status = 'rejected') as recommendations_rejected,
        count(*) filter (where status = 'pending') as recommendations_pending
    from recommendations
    group by user_id

),

active_sessions_per_user as (

    -- a session is active at the end of as_of_date: started by then and expiring after it
    select
        user_id,
        count(*) as active_sessions
    from sessions
    where
        expires_at > {{ end_of_as_of_date() }}
        and created_at <= {{ end_of_as_of_date() }}
    group by user_id

),

current_personas as (

    select
        users.user_id,
        coalesce(profiles.persona_id, history_per_user.history_persona_id) as current_persona_id,
        case
            when profiles.user_id is not null then profiles.persona_name
            else history_per_user.history_persona_name
        end as logged_persona_name,
        case
            when profiles.user_id is not null then 'profile'
            when history_per_user.history_persona_id is not null then 'history'
        end as current_persona_source,
        profiles.persona_id = history_per_user.history_persona_id as profile_matches_history
    from users
    left join profiles on users.user_id = profiles.user_id
    left join history_per_user on users.user_id = history_per_user.user_id

),

final as (

    select
        users.user_id,
        users.role,
        users.consent_status,
        users.consent_version,
        users.signup_at,
        current_personas.current_persona_id,
        coalesce(personas.persona_name, current_personas.logged_persona_name) as current_persona_name,
        coalesce(history_per_user.persona_changes, 0) as persona_changes,
        coalesce(uploads_per_user.uploads_total, 0) as uploads_total,
        coalesce(uploads_per_user.uploads_failed, 0) as uploads_failed,
        last_uploads.last_upload_status,
        coalesce(recommendations_per_user.recommendations_total, 0) as recommendations_total,
        coalesce(recommendations_per_user.recommendations_approved, 0) as recommendations_approved,
        coalesce(recommendations_per_user.recommendations_rejected, 0) as recommendations_rejected,
        coalesce(recommendations_per_user.recommendations_pending, 0) as recommendations_pending,
        coalesce(active_sessions_per_user.active_sessions, 0) as active_sessions,
        current_personas.current_persona_source,
        current_personas.profile_matches_history
    from users
    inner join current_personas on users.user_id = current_personas.user_id
    left join personas on current_personas.current_persona_id = personas.persona_id
    left join history_per_user on users.user_id = history_per_user.user_id
    left join uploads_per_user on users.user_id = uploads_per_user.user_id
    left join last_uploads on users.user_id = last_uploads.user_id
    left join recommendations_per_user on users.user_id = recommendations_per_user.user_id
    left join active_sessions_per_user on users.user_id = active_sessions_per_user.user_id

)

select * from final

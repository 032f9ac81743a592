-- One row per app user and local date (reporting time zone) with a login, a dashboard view
-- or a statement upload, up to as_of_date, for users who signed up by as_of_date: the fact
-- the semantic layer counts distinct users from (DAU, WAU, MAU, stickiness), exact at any
-- grain (day, week, month, quarter, year) and for any combination of the dashboard filters.
--
-- It counts what the engagement marts count: the activity rows of
-- int_app_user_activity_daily dated on or before as_of_date, of users in
-- int_app_users_enriched who signed up on or before as_of_date (orphans are in neither). A
-- user is active on a day when has_login (fct_active_users_daily's dau, wau, mau_28d and
-- fct_vanity_metrics_monthly's mau); has_dashboard_access is the vanity mart's
-- dashboard_users. The filter attributes (email_validated, intent_category, is_active) are
-- the user's current ones, as in every product mart, so the filter `validated_emails` is
-- `email_validated`, an intent category is `intent_category = '<category>'`, and `all` /
-- `all_accounts` is no condition at all.
with

users as (

    select
        user_id,
        signup_date,
        is_active,
        email_validated,
        intent_category
    from {{ ref('int_app_users_enriched') }}
    where signup_date <= {{ as_of_date() }}

),

activity as (

    select
        user_id,
        activity_date,
        logins,
        dashboard_accesses,
        upload_sessions,
        has_login,
        has_dashboard_access,
        has_upload
    from {{ ref('int_app_user_activity_daily') }}
    where
        activity_date <= {{ as_of_date() }}
        and (has_login or has_dashboard_access or has_upload)

),

final as (

    select
        activity.user_id,
        activity.activity_date,
        users.signup_date,
        users.email_validated,
        users.intent_category,
        users.is_active,
        activity.has_login,
        activity.has_dashboard_access,
        activity.has_upload,
        activity.logins,
        activity.dashboard_accesses,
        activity.upload_sessions
    from activity
    inner join users
        on activity.user_id = users.user_id

)

select * from final

-- GA4 Data API daily report per organization (already aggregated by Google).
with

source as (

    select
        org_id,
        report_date,
        active_users,
        active_users_7d,
        active_users_28d,
        new_users,
        sessions,
        user_engagement_seconds,
        screen_page_views,
        _loaded_at
    from {{ source('aiop', 'ga4_daily') }}

),

renamed as (

    select
        org_id,
        report_date,
        coalesce(active_users, 0) as active_users,
        coalesce(active_users_7d, 0) as active_users_7d,
        coalesce(active_users_28d, 0) as active_users_28d,
        coalesce(new_users, 0) as new_users,
        coalesce(sessions, 0) as sessions,
        coalesce(user_engagement_seconds, 0) as user_engagement_seconds,
        coalesce(screen_page_views, 0) as screen_page_views
    from source

)

select * from renamed

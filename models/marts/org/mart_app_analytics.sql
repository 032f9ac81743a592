-- GA4 and app-store figures per organization and report date (the seed's
-- mart_app_analytics). id (org_row_id) = org_id * 100000 + days since 1970-01-01.
with

app_daily as (

    select * from {{ ref('int_app_analytics_daily_summarized') }}

),

typed as (

    select
        {{ org_row_id(date='metric_date') }} as id,
        org_id::integer as org_id,
        metric_date,
        daily_active_users::integer as daily_active_users,
        weekly_active_users::integer as weekly_active_users,
        monthly_active_users::integer as monthly_active_users,
        new_users::integer as new_users,
        returning_users::integer as returning_users,
        total_sessions::integer as total_sessions,
        avg_session_duration_secs::numeric(10, 2) as avg_session_duration_secs,
        screens_per_session::numeric(8, 2) as screens_per_session,
        ios_downloads::integer as ios_downloads,
        android_downloads::integer as android_downloads,
        {{ to_json_value('top_screens') }} as top_screens,
        'bigquery_ga4'::varchar(50) as source_system
    from app_daily

),

final as (

    {{ org_build_times('typed') }}

)

select * from final

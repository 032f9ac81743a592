-- GA4 and app-store figures per organization and report date, zero-filled from the org's
-- first GA4 or store record to its as_of_date. The 1/7/28-day active users are GA4's own
-- figures, never re-aggregated here.
with

days as (

    select
        org_id,
        spine_date
    from {{ ref('int_org_days_spined') }}
    where source_system = 'bigquery_ga4'

),

ga4_daily as (

    select * from {{ ref('stg_aiop__ga4_daily') }}

),

downloads_daily as (

    select
        org_id,
        report_date,
        sum(downloads) filter (where store = 'ios') as ios_downloads,
        sum(downloads) filter (where store = 'android') as android_downloads
    from {{ ref('stg_aiop__app_store_downloads_daily') }}
    group by org_id, report_date

),

top_screens as (

    select * from {{ ref('int_ga4_top_screens_ranked') }}

),

final as (

    select
        days.org_id,
        days.spine_date as metric_date,
        coalesce(ga4_daily.active_users, 0) as daily_active_users,
        coalesce(ga4_daily.active_users_7d, 0) as weekly_active_users,
        coalesce(ga4_daily.active_users_28d, 0) as monthly_active_users,
        coalesce(ga4_daily.new_users, 0) as new_users,
        coalesce(ga4_daily.active_users - ga4_daily.new_users, 0) as returning_users,
        coalesce(ga4_daily.sessions, 0) as total_sessions,
        {{ divide_round('ga4_daily.user_engagement_seconds', 'ga4_daily.sessions', 2) }} as avg_session_duration_secs,
        {{ divide_round('ga4_daily.screen_page_views', 'ga4_daily.sessions', 2) }} as screens_per_session,
        coalesce(downloads_daily.ios_downloads, 0) as ios_downloads,
        coalesce(downloads_daily.android_downloads, 0) as android_downloads,
        coalesce(top_screens.top_screens, {{ json_literal('[]') }}) as top_screens
    from days
    left join ga4_daily
        on days.org_id = ga4_daily.org_id
        and days.spine_date = ga4_daily.report_date
    left join downloads_daily
        on days.org_id = downloads_daily.org_id
        and days.spine_date = downloads_daily.report_date
    left join top_screens
        on days.org_id = top_screens.org_id
        and days.spine_date = top_screens.report_date

)

select * from final

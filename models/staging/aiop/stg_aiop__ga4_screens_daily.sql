-- GA4 views per screen per day.
with

source as (

    select
        org_id,
        report_date,
        screen_name,
        screen_page_views,
        _loaded_at
    from {{ source('aiop', 'ga4_screens_daily') }}

),

renamed as (

    select
        org_id,
        report_date,
        screen_name,
        coalesce(screen_page_views, 0) as screen_page_views
    from source

)

select * from renamed

-- App downloads per store (`ios`, `android`) per day.
with

source as (

    select
        org_id,
        report_date,
        store,
        downloads,
        _loaded_at
    from {{ source('aiop', 'app_store_downloads_daily') }}

),

renamed as (

    select
        org_id,
        report_date,
        lower(trim(store)) as store,
        coalesce(downloads, 0) as downloads
    from source

)

select * from renamed

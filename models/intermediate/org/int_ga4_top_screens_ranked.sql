-- The ten most viewed screens of each organization's GA4 day as a JSON array of
-- {"screen": name, "views": n}, most viewed first; equal views are ordered by screen name
-- in byte order (C collation), so the order never depends on the server's locale.
-- inlined into its readers: a step of their query, not a table of its own
{{ config(materialized='ephemeral') }}

with

screens as (

    select
        org_id,
        report_date,
        screen_name,
        screen_page_views
    from {{ ref('stg_aiop__ga4_screens_daily') }}

),

ranked as (

    select
        org_id,
        report_date,
        screen_name,
        screen_page_views,
        row_number() over (
            partition by org_id, report_date
            order by screen_page_views desc, {{ byte_order("screen_name") }} asc
        ) as screen_rank
    from screens

),

final as (

    select
        org_id,
        report_date,
        {{ json_array_agg(
            json_build_object(["'screen'", 'screen_name', "'views'", 'screen_page_views']),
            order_by='screen_rank',
        ) }} as top_screens
    from ranked
    where screen_rank <= 10
    group by org_id, report_date

)

select * from final

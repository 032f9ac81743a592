{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['org_id', 'aggregate_key'],
        on_schema_change='fail',
        indexes=[{'columns': ['org_id', 'aggregate_key'], 'unique': true}],
    )
}}

-- Softbase work orders opened and closed per organization and local date (a work order
-- closed "before" it opened, a data error, closes on its opening date). Incremental and
-- additive: a build reads only the work orders landed after the aggregate's watermark
-- (org_loaded_watermark) and adds them (org_additive_merge); a work order changed in place
-- (closed later) rebuilds it in full.
with

organizations as (

    select
        org_id,
        reporting_timezone
    from {{ ref('stg_aiop__organizations') }}

),

localized_work_orders as (

    select
        work_orders.org_id,
        {{ local_date('work_orders.opened_at', tz='organizations.reporting_timezone') }} as opened_date,
        {{ local_date('work_orders.closed_at', tz='organizations.reporting_timezone') }} as closed_date,
        work_orders._loaded_at
    from {{ org_rows_of(ref('stg_aiop__sb_work_orders')) }} as work_orders
    inner join organizations
        on work_orders.org_id = organizations.org_id
    where
        work_orders.opened_at is not null

),

-- greatest() would skip a NULL closed_date: an open work order stays open
work_order_events as (

    select
        org_id,
        opened_date as event_date,
        1 as opened,
        0 as closed,
        _loaded_at
    from localized_work_orders
    union all
    select
        org_id,
        greatest(closed_date, opened_date) as event_date,
        0 as opened,
        1 as closed,
        _loaded_at
    from localized_work_orders
    where closed_date is not null

),

events_daily as (

    select
        org_id,
        event_date,
        sum(opened) as opened_work_orders,
        sum(closed) as closed_work_orders,
        max(_loaded_at) as loaded_through
    from work_order_events
    group by org_id, event_date

),

final as (

    {{ org_additive_merge('events_daily', ['event_date'], integers=['opened_work_orders', 'closed_work_orders']) }}

)

select * from final

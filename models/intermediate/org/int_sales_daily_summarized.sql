-- Softbase sales per organization and date, zero-filled from the org's first Softbase record
-- to its as_of_date: revenue and counts of posted invoices by department (void invoices
-- never count; an invoice of an unknown department counts in the totals only), work orders
-- open at the end of the local day and closed during it.
with

organizations as (

    select
        org_id,
        reporting_timezone
    from {{ ref('stg_aiop__organizations') }}

),

days as (

    select
        org_id,
        spine_date
    from {{ ref('int_org_days_spined') }}
    where source_system = 'softbase'

),

invoices_daily as (

    select
        org_id,
        invoice_date,
        sum(amount) filter (where department = 'Service') as service_revenue,
        sum(amount) filter (where department = 'Parts') as parts_revenue,
        sum(amount) filter (where department = 'Rental') as rental_revenue,
        sum(amount) filter (where department = 'Sales') as sales_revenue,
        sum(amount) as total_revenue,
        count(*) filter (where department = 'Service') as service_invoices,
        count(*) filter (where department = 'Parts') as parts_invoices,
        count(*) filter (where department = 'Rental') as rental_invoices,
        count(*) filter (where department = 'Sales') as sales_invoices,
        count(*) as total_invoices
    from {{ ref('stg_aiop__sb_invoices') }}
    where is_posted
    group by org_id, invoice_date

),

localized_work_orders as (

    select
        work_orders.org_id,
        {{ local_date('work_orders.opened_at', tz='organizations.reporting_timezone') }} as opened_date,
        {{ local_date('work_orders.closed_at', tz='organizations.reporting_timezone') }} as closed_date
    from {{ ref('stg_aiop__sb_work_orders') }} as work_orders
    inner join organizations
        on work_orders.org_id = organizations.org_id
    where work_orders.opened_at is not null

),

-- greatest() would skip a NULL closed_date: an open work order stays open
work_orders as (

    select
        org_id,
        opened_date,
        case when closed_date is not null then greatest(closed_date, opened_date) end as closed_date
    from localized_work_orders

),

work_order_deltas as (

    select
        org_id,
        opened_date as delta_date,
        1 as open_delta,
        0 as closed_count
    from work_orders
    union all
    select
        org_id,
        closed_date as delta_date,
        -1 as open_delta,
        1 as closed_count
    from work_orders
    where closed_date is not null

),

work_order_deltas_daily as (

    select
        org_id,
        delta_date,
        sum(open_delta) as open_delta,
        sum(closed_count) as closed_work_orders
    from work_order_deltas
    group by org_id, delta_date

),

final as (

    select
        days.org_id,
        days.spine_date as sales_date,
        extract(year from days.spine_date)::int as year,
        extract(month from days.spine_date)::int as month,
        extract(dow from days.spine_date)::int as day_of_week,
        coalesce(invoices_daily.service_revenue, 0) as service_revenue,
        coalesce(invoices_daily.parts_revenue, 0) as parts_revenue,
        coalesce(invoices_daily.rental_revenue, 0) as rental_revenue,
        coalesce(invoices_daily.sales_revenue, 0) as sales_revenue,
        coalesce(invoices_daily.total_revenue, 0) as total_revenue,
        coalesce(invoices_daily.service_invoices, 0) as service_invoices,
        coalesce(invoices_daily.parts_invoices, 0) as parts_invoices,
        coalesce(invoices_daily.rental_invoices, 0) as rental_invoices,
        coalesce(invoices_daily.sales_invoices, 0) as sales_invoices,
        coalesce(invoices_daily.total_invoices, 0) as total_invoices,
        sum(coalesce(work_order_deltas_daily.open_delta, 0)) over (
            partition by days.org_id order by days.spine_date rows unbounded preceding
        ) as open_work_orders,
        coalesce(work_order_deltas_daily.closed_work_orders, 0) as closed_work_orders
    from days
    left join invoices_daily
        on days.org_id = invoices_daily.org_id
        and days.spine_date = invoices_daily.invoice_date
    left join work_order_deltas_daily
        on days.org_id = work_order_deltas_daily.org_id
        and days.spine_date = work_order_deltas_daily.delta_date

)

select * from final

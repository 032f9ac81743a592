-- Softbase sales per organization and date, zero-filled from the org's first Softbase record
-- to its as_of_date: revenue and counts of posted invoices by department (void invoices
-- never count; an invoice of an unknown department counts in the totals only), work orders
-- open at the end of the local day and closed during it. A full build over the incremental
-- daily aggregates of invoices and work orders: a few rows per org and day.
with

days as (

    select
        org_id,
        spine_date
    from {{ ref('int_org_days_spined') }}
    where source_system = 'softbase'

),

invoices as (

    select
        org_id,
        invoice_date,
        department,
        invoices,
        amount
    from {{ ref('int_sb_invoices_daily_aggregated') }}
    where is_posted

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
        sum(invoices) filter (where department = 'Service') as service_invoices,
        sum(invoices) filter (where department = 'Parts') as parts_invoices,
        sum(invoices) filter (where department = 'Rental') as rental_invoices,
        sum(invoices) filter (where department = 'Sales') as sales_invoices,
        sum(invoices) as total_invoices
    from invoices
    group by org_id, invoice_date

),

work_order_deltas_daily as (

    select
        org_id,
        event_date as delta_date,
        opened_work_orders - closed_work_orders as open_delta,
        closed_work_orders
    from {{ ref('int_sb_work_orders_daily_aggregated') }}

),

final as (

    select
        days.org_id,
        days.spine_date as sales_date,
        extract(year from days.spine_date)::int as year,
        extract(month from days.spine_date)::int as month,
        {{ day_of_week('days.spine_date') }} as day_of_week,
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

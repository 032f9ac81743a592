-- Softbase sales and work orders per organization and date (the seed's mart_sales_daily).
-- id (org_row_id) = org_id * 100000 + days since 1970-01-01.
with

sales_daily as (

    select * from {{ ref('int_sales_daily_summarized') }}

),

typed as (

    select
        {{ org_row_id(date='sales_date') }} as id,
        org_id::integer as org_id,
        sales_date,
        year::integer as year,
        month::integer as month,
        day_of_week::integer as day_of_week,
        service_revenue::numeric(18, 2) as service_revenue,
        parts_revenue::numeric(18, 2) as parts_revenue,
        rental_revenue::numeric(18, 2) as rental_revenue,
        sales_revenue::numeric(18, 2) as sales_revenue,
        total_revenue::numeric(18, 2) as total_revenue,
        service_invoices::integer as service_invoices,
        parts_invoices::integer as parts_invoices,
        rental_invoices::integer as rental_invoices,
        sales_invoices::integer as sales_invoices,
        total_invoices::integer as total_invoices,
        open_work_orders::integer as open_work_orders,
        closed_work_orders::integer as closed_work_orders,
        'softbase'::varchar(50) as source_system
    from sales_daily

),

final as (

    {{ org_build_times('typed') }}

)

select * from final

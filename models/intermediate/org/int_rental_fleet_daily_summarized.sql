-- The rental fleet per organization and date, zero-filled from the org's first Softbase
-- record to its as_of_date: units by status, utilization, rental revenue to date in the
-- month and the year (posted Rental invoices), and the JSON breakdowns by equipment type
-- (keys with a non-zero value only; a rental invoice whose unit is unknown is `unknown`).
--
-- Incremental (replace_from on snapshot_date): a build recomputes the days from
-- org_fleet_recompute_from() on, reading only those days of the unit-days; the revenue
-- to date is computed over the whole (small) rental invoice aggregate and day spine.
{{
    config(
        materialized='incremental',
        incremental_strategy='replace_from',
        replace_from={'column': 'snapshot_date', 'start': 'org_fleet_recompute_from'},
        meta={'written_rows': {'column': 'snapshot_date', 'from': 'org_fleet_recompute_from'}},
        on_schema_change='fail',
        indexes=[{'columns': ['snapshot_date']}],
    )
}}

-- depends_on: {{ ref('int_org_source_systems_bounded') }}  (read by the recompute window's macro)
with
{% if is_incremental() %}
recompute_window as (

    select {{ org_fleet_recompute_from() }} as recompute_from

),
{% endif %}

days as (

    select
        org_id,
        spine_date
    from {{ ref('int_org_days_spined') }}
    where source_system = 'softbase'

),

unit_days as (

    select
        org_id,
        unit_id,
        snapshot_date,
        equipment_type,
        unit_status,
        rental_customer_id
    from {{ ref('int_rental_unit_days_statused') }}
    {%- if is_incremental() %}
    where snapshot_date >= (select recompute_window.recompute_from from recompute_window)
    {%- endif %}

),

units as (

    select
        org_id,
        unit_id,
        equipment_type,
        _loaded_at
    from {{ ref('stg_aiop__sb_rental_units') }}

),

rental_invoices as (

    select
        invoices.org_id,
        invoices.invoice_date,
        coalesce(units.equipment_type, 'unknown') as equipment_type,
        invoices.amount,
        invoices.loaded_through
    from {{ ref('int_sb_invoices_daily_aggregated') }} as invoices
    left join units
        on invoices.org_id = units.org_id
        and invoices.unit_id = units.unit_id
    where invoices.is_posted and invoices.department = 'Rental'

),

fleet_daily as (

    select
        org_id,
        snapshot_date,
        count(*) as total_units,
        count(*) filter (where unit_status = 'available') as available_units,
        count(*) filter (where unit_status = 'rented') as rented_units,
        count(*) filter (where unit_status = 'maintenance') as maintenance_units,
        count(distinct rental_customer_id) as active_rental_customers
    from unit_days
    group by org_id, snapshot_date

),

units_by_type as (

    select
        org_id,
        snapshot_date,
        {{ json_object_agg('equipment_type', 'units') }} as units_by_type
    from (
        select
            org_id,
            snapshot_date,
            equipment_type,
            count(*) as units
        from unit_days
        group by org_id, snapshot_date, equipment_type
    ) as type_counts
    group by org_id, snapshot_date

),

revenue_daily as (

    select
        org_id,
        invoice_date,
        equipment_type,
        sum(amount) as revenue
    from rental_invoices
    group by org_id, invoice_date, equipment_type

),

org_types as (

    select distinct
        org_id,
        equipment_type
    from rental_invoices

),

type_days as (

    select
        days.org_id,
        days.spine_date,
        org_types.equipment_type,
        coalesce(revenue_daily.revenue, 0) as revenue
    from days
    inner join org_types
        on days.org_id = org_types.org_id
    left join revenue_daily
        on days.org_id = revenue_daily.org_id
        and org_types.equipment_type = revenue_daily.equipment_type
        and days.spine_date = revenue_daily.invoice_date

),

type_revenue_to_date as (

    select
        org_id,
        spine_date,
        equipment_type,
        revenue,
        sum(revenue) over (
            partition by org_id, equipment_type, {{ month_start('spine_date') }}
            order by spine_date
            rows unbounded preceding
        ) as revenue_mtd
    from type_days

),

revenue_by_type as (

    select
        org_id,
        spine_date,
        sum(revenue) as rental_revenue,
        {{ json_object_agg('equipment_type', 'revenue_mtd', filter='revenue_mtd <> 0') }} as revenue_by_type
    from type_revenue_to_date
    group by org_id, spine_date

),

daily as (

    select
        days.org_id,
        days.spine_date,
        coalesce(fleet_daily.total_units, 0) as total_units,
        coalesce(fleet_daily.available_units, 0) as available_units,
        coalesce(fleet_daily.rented_units, 0) as rented_units,
        coalesce(fleet_daily.maintenance_units, 0) as maintenance_units,
        coalesce(fleet_daily.active_rental_customers, 0) as active_rental_customers,
        coalesce(revenue_by_type.rental_revenue, 0) as rental_revenue,
        coalesce(units_by_type.units_by_type, {{ json_literal('{}') }}) as units_by_type,
        coalesce(revenue_by_type.revenue_by_type, {{ json_literal('{}') }}) as revenue_by_type
    from days
    left join fleet_daily
        on days.org_id = fleet_daily.org_id
        and days.spine_date = fleet_daily.snapshot_date
    left join units_by_type
        on days.org_id = units_by_type.org_id
        and days.spine_date = units_by_type.snapshot_date
    left join revenue_by_type
        on days.org_id = revenue_by_type.org_id
        and days.spine_date = revenue_by_type.spine_date

),

-- the landing times read (the model's watermarks are their maxima)
loads as (

    select
        (select max(rental_invoices.loaded_through) from rental_invoices) as invoices_loaded_through,
        (select max(units._loaded_at) from units) as units_loaded_through

),

to_date as (

    select
        org_id,
        spine_date as snapshot_date,
        extract(year from spine_date)::int as year,
        extract(month from spine_date)::int as month,
        total_units,
        available_units,
        rented_units,
        maintenance_units,
        {{ divide_round('100 * rented_units', 'total_units', 2) }} as utilization_rate,
        sum(rental_revenue) over (
            partition by org_id, {{ month_start('spine_date') }}
            order by spine_date
            rows unbounded preceding
        ) as rental_revenue_mtd,
        sum(rental_revenue) over (
            partition by org_id, extract(year from spine_date)
            order by spine_date
            rows unbounded preceding
        ) as rental_revenue_ytd,
        units_by_type,
        revenue_by_type,
        active_rental_customers
    from daily

),

final as (

    select
        to_date.*,
        loads.invoices_loaded_through,
        loads.units_loaded_through,
        {{ build_started_at() }} as computed_at
    from to_date
    cross join loads
    {%- if is_incremental() %}
    where to_date.snapshot_date >= (select recompute_window.recompute_from from recompute_window)
    {%- endif %}

)

select * from final

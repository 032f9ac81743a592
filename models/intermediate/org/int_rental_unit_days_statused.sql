-- The status of every owned rental unit on every day it is owned (from acquired_date up to,
-- not including, disposed_date, through the org's as_of_date): `rented` when a contract
-- covers the day, else `maintenance` when a maintenance period covers it, else `available`.
-- A unit both rented and in maintenance is rented (is_in_maintenance stays true). Contract
-- and maintenance ranges include both ends; an open one runs through as_of_date.
--
-- Incremental (replace_from on snapshot_date): a build recomputes the days from
-- org_rental_recompute_from() on (the days a moved as_of_date adds or removes, and those
-- from the first day of every unit, contract or maintenance period landed since) and keeps
-- the earlier ones. The three source tables are small (hundreds to thousands of rows); the
-- unit-days grow with history.
{{
    config(
        materialized='incremental',
        incremental_strategy='replace_from',
        replace_from={'column': 'snapshot_date', 'start': 'org_rental_recompute_from'},
        meta={'written_rows': {'column': 'snapshot_date', 'from': 'org_rental_recompute_from'}},
        on_schema_change='fail',
        indexes=[{'columns': ['snapshot_date']}, {'columns': ['computed_at']}],
    )
}}

-- depends_on: {{ ref('stg_aiop__organizations') }}  (read by the recompute window's macro)
with
{% if is_incremental() %}
recompute_window as (

    select {{ org_rental_recompute_from() }} as recompute_from

),
{% endif %}

bounds as (

    select
        org_id,
        as_of_date
    from {{ ref('int_org_source_systems_bounded') }}
    where source_system = 'softbase'

),

units as (

    select
        org_id,
        unit_id,
        equipment_type,
        acquired_date,
        disposed_date,
        _loaded_at
    from {{ ref('stg_aiop__sb_rental_units') }}
    where acquired_date is not null

),

contracts as (

    select
        org_id,
        unit_id,
        customer_id,
        start_date,
        end_date,
        _loaded_at
    from {{ ref('stg_aiop__sb_rental_contracts') }}
    where start_date is not null

),

maintenance as (

    select
        org_id,
        unit_id,
        start_date,
        end_date,
        _loaded_at
    from {{ ref('stg_aiop__sb_unit_maintenance') }}

),

unit_days as (

    select
        units.org_id,
        units.unit_id,
        units.equipment_type,
        owned_days.date_day as snapshot_date
    from units
    inner join bounds
        on units.org_id = bounds.org_id
    cross join
        lateral (
            {{ date_spine(
                org_window_start('units.acquired_date'),
                'least(units.disposed_date - 1, bounds.as_of_date)',
                'day',
            ) }}
        ) as owned_days
    where coalesce(units.disposed_date - 1, bounds.as_of_date) >= units.acquired_date

),

rented_days as (

    select
        contracts.org_id,
        contracts.unit_id,
        covered.date_day as snapshot_date,
        min(contracts.customer_id) as rental_customer_id
    from contracts
    inner join bounds
        on contracts.org_id = bounds.org_id
    cross join
        lateral (
            {{ date_spine(
                org_window_start('contracts.start_date'),
                'least(contracts.end_date, bounds.as_of_date)',
                'day',
            ) }}
        ) as covered
    where coalesce(contracts.end_date, bounds.as_of_date) >= contracts.start_date
    group by contracts.org_id, contracts.unit_id, covered.date_day

),

maintenance_days as (

    select distinct
        maintenance.org_id,
        maintenance.unit_id,
        covered.date_day as snapshot_date
    from maintenance
    inner join bounds
        on maintenance.org_id = bounds.org_id
    cross join
        lateral (
            {{ date_spine(
                org_window_start('maintenance.start_date'),
                'least(maintenance.end_date, bounds.as_of_date)',
                'day',
            ) }}
        ) as covered
    where coalesce(maintenance.end_date, bounds.as_of_date) >= maintenance.start_date

),

-- the landing times read (the model's watermarks are their maxima)
loads as (

    select
        (select max(units._loaded_at) from units) as units_loaded_through,
        (select max(contracts._loaded_at) from contracts) as contracts_loaded_through,
        (select max(maintenance._loaded_at) from maintenance) as maintenance_loaded_through

),

final as (

    select
        unit_days.org_id,
        unit_days.unit_id,
        unit_days.snapshot_date,
        unit_days.equipment_type,
        rented_days.unit_id is not null as is_rented,
        maintenance_days.unit_id is not null as is_in_maintenance,
        case
            when rented_days.unit_id is not null then 'rented'
            when maintenance_days.unit_id is not null then 'maintenance'
            else 'available'
        end as unit_status,
        rented_days.rental_customer_id,
        loads.units_loaded_through,
        loads.contracts_loaded_through,
        loads.maintenance_loaded_through,
        {{ build_started_at() }} as computed_at
    from unit_days
    cross join loads
    left join rented_days
        on unit_days.org_id = rented_days.org_id
        and unit_days.unit_id = rented_days.unit_id
        and unit_days.snapshot_date = rented_days.snapshot_date
    left join maintenance_days
        on unit_days.org_id = maintenance_days.org_id
        and unit_days.unit_id = maintenance_days.unit_id
        and unit_days.snapshot_date = maintenance_days.snapshot_date

)

select * from final

-- The status of every owned rental unit on every day it is owned (from acquired_date up to,
-- not including, disposed_date, through the org's as_of_date): `rented` when a contract
-- covers the day, else `maintenance` when a maintenance period covers it, else `available`.
-- A unit both rented and in maintenance is rented (is_in_maintenance stays true). Contract
-- and maintenance ranges include both ends; an open one runs through as_of_date.
with

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
        disposed_date
    from {{ ref('stg_aiop__sb_rental_units') }}
    where acquired_date is not null

),

contracts as (

    select
        org_id,
        unit_id,
        customer_id,
        start_date,
        end_date
    from {{ ref('stg_aiop__sb_rental_contracts') }}
    where start_date is not null

),

maintenance as (

    select
        org_id,
        unit_id,
        start_date,
        end_date
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
            {{ date_spine('units.acquired_date', 'least(units.disposed_date - 1, bounds.as_of_date)', 'day') }}
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
            {{ date_spine('contracts.start_date', 'least(contracts.end_date, bounds.as_of_date)', 'day') }}
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
            {{ date_spine('maintenance.start_date', 'least(maintenance.end_date, bounds.as_of_date)', 'day') }}
        ) as covered
    where coalesce(maintenance.end_date, bounds.as_of_date) >= maintenance.start_date

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
        rented_days.rental_customer_id
    from unit_days
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

-- The Softbase rental fleet per organization and date (the seed's mart_rental_fleet).
-- id (org_row_id) = org_id * 100000 + days since 1970-01-01.
with

fleet_daily as (

    select * from {{ ref('int_rental_fleet_daily_summarized') }}

),

typed as (

    select
        {{ org_row_id(date='snapshot_date') }} as id,
        org_id::integer as org_id,
        snapshot_date,
        year::integer as year,
        month::integer as month,
        total_units::integer as total_units,
        available_units::integer as available_units,
        rented_units::integer as rented_units,
        maintenance_units::integer as maintenance_units,
        utilization_rate::numeric(5, 2) as utilization_rate,
        rental_revenue_mtd::numeric(18, 2) as rental_revenue_mtd,
        rental_revenue_ytd::numeric(18, 2) as rental_revenue_ytd,
        {{ to_json_value('units_by_type') }} as units_by_type,
        {{ to_json_value('revenue_by_type') }} as revenue_by_type,
        active_rental_customers::integer as active_rental_customers,
        'softbase'::varchar(50) as source_system
    from fleet_daily

),

final as (

    {{ org_build_times('typed') }}

)

select * from final

{#-
    The first snapshot_date an incremental build of int_rental_unit_days_statused
    recomputes, as a SQL date expression (a scalar subquery); every day on or after it is
    deleted and written again (replace_from), every earlier one kept. A unit's status on a
    day owned up to as_of_date does not depend on as_of_date (an open contract or
    maintenance period covers every day from its start), so the window starts at the
    earliest of:
      - the day after the last built day (the days a moved as_of_date adds);
      - the day after the earliest as_of_date of the orgs (the days a moved-back as_of_date
        removes);
      - the first day of every unit, contract and maintenance period landed after the
        model's watermarks (units_loaded_through, contracts_loaded_through,
        maintenance_loaded_through), and of every unit of a newly landed organization.
    A row changed in place (a contract closed, a unit disposed) rebuilds the model in full.
    Nothing built yet: 1900-01-01 (everything).
-#}
{% macro org_rental_recompute_from() -%}
    {%- set far = "date '9999-12-31'" -%}
    {%- set units = ref('stg_aiop__sb_rental_units') -%}
    {%- set contracts = ref('stg_aiop__sb_rental_contracts') -%}
    {%- set maintenance = ref('stg_aiop__sb_unit_maintenance') -%}
(
    select least(
        coalesce((select max(built.snapshot_date) + 1 from {{ this }} as built), date '1900-01-01'),
        coalesce((
            select min(bounds.as_of_date) + 1
            from {{ ref('int_org_source_systems_bounded') }} as bounds
            where bounds.source_system = 'softbase'
        ), {{ far }}),
        coalesce((
            select min(landed_units.acquired_date)
            from {{ units }} as landed_units
            where
                landed_units._loaded_at > {{ org_loaded_watermark('units_loaded_through') }}
                or landed_units.org_id in (
                    select new_organizations.org_id
                    from {{ ref('stg_aiop__organizations') }} as new_organizations
                    where new_organizations._loaded_at > {{ org_loaded_watermark('units_loaded_through') }}
                )
        ), {{ far }}),
        coalesce((
            select min(landed_contracts.start_date)
            from {{ contracts }} as landed_contracts
            where landed_contracts._loaded_at > {{ org_loaded_watermark('contracts_loaded_through') }}
        ), {{ far }}),
        coalesce((
            select min(landed_maintenance.start_date)
            from {{ maintenance }} as landed_maintenance
            where landed_maintenance._loaded_at > {{ org_loaded_watermark('maintenance_loaded_through') }}
        ), {{ far }})
    )
)
{%- endmacro %}


{#-
    The first day a date spine of int_rental_unit_days_statused covers for a range starting
    at `start_date`: the range's start in a full build, and no earlier than the recompute
    window (org_rental_recompute_from) in an incremental one.
-#}
{% macro org_window_start(start_date) -%}
    {%- if is_incremental() -%}
        greatest({{ start_date }}, (select recompute_window.recompute_from from recompute_window))
    {%- else -%}
        {{ start_date }}
    {%- endif -%}
{%- endmacro %}


{#-
    The first snapshot_date an incremental build of int_rental_fleet_daily_summarized
    recomputes (replace_from), as a SQL date expression (a scalar subquery). A day's fleet
    counts come from that day's unit-days; its month- and year-to-date revenue from the
    (small) rental invoice aggregate, which the model reads whole. The window starts at the
    earliest of:
      - the day after the last built day, and after the earliest as_of_date;
      - an org's first Softbase day when it moved before its first built day (late rows);
      - the first unit-day written since the fleet's own last build (computed_at);
      - the first date of the rental invoice rows aggregated after the fleet's watermark
        (invoices_loaded_through), and of the rental invoices of units landed after
        units_loaded_through (a unit's equipment type names their revenue).
    Nothing built yet: 1900-01-01 (everything).
-#}
{% macro org_fleet_recompute_from() -%}
    {%- set far = "date '9999-12-31'" -%}
    {%- set invoices = ref('int_sb_invoices_daily_aggregated') -%}
(
    select least(
        coalesce((select max(built.snapshot_date) + 1 from {{ this }} as built), date '1900-01-01'),
        coalesce((
            select min(bounds.as_of_date) + 1
            from {{ ref('int_org_source_systems_bounded') }} as bounds
            where bounds.source_system = 'softbase'
        ), {{ far }}),
        coalesce((
            select min(bounds.first_date)
            from {{ ref('int_org_source_systems_bounded') }} as bounds
            where
                bounds.source_system = 'softbase'
                and bounds.first_date < coalesce((
                    select min(built.snapshot_date) from {{ this }} as built where built.org_id = bounds.org_id
                ), {{ far }})
        ), {{ far }}),
        coalesce((
            select min(unit_days.snapshot_date)
            from {{ ref('int_rental_unit_days_statused') }} as unit_days
            where unit_days.computed_at > (
                select coalesce(max(built.computed_at), cast('-infinity' as timestamptz)) from {{ this }} as built
            )
        ), {{ far }}),
        coalesce((
            select min(rental_invoices.invoice_date)
            from {{ invoices }} as rental_invoices
            where
                rental_invoices.department = 'Rental'
                and rental_invoices.loaded_through > {{ org_loaded_watermark('invoices_loaded_through') }}
        ), {{ far }}),
        coalesce((
            select min(rental_invoices.invoice_date)
            from {{ invoices }} as rental_invoices
            inner join {{ ref('stg_aiop__sb_rental_units') }} as landed_units
                on rental_invoices.org_id = landed_units.org_id
                and rental_invoices.unit_id = landed_units.unit_id
            where
                rental_invoices.department = 'Rental'
                and landed_units._loaded_at > {{ org_loaded_watermark('units_loaded_through') }}
        ), {{ far }})
    )
)
{%- endmacro %}

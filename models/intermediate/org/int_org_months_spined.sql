-- One row per (organization, source system, calendar month) from the month of the org's
-- first record in that system to the month of its as_of_date: the grain of the monthly
-- org marts. `as_of_date` travels along: a month's figures never include later records.
-- inlined into its readers: a step of their query, not a table of its own
{{ config(materialized='ephemeral') }}

with

bounds as (

    select * from {{ ref('int_org_source_systems_bounded') }}

),

spined as (

    select
        bounds.org_id,
        bounds.source_system,
        spine.date_month as month_start,
        (spine.date_month + interval '1 month' - interval '1 day')::date as period_end,
        bounds.as_of_date
    from bounds
    cross join lateral ({{ date_spine('bounds.first_date', 'bounds.as_of_date', 'month') }}) as spine

),

final as (

    select * from spined

)

select * from final

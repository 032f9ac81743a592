-- One row per (organization, source system, day) from the org's first record in that
-- system to its as_of_date: the zero-filled grain of every daily org mart.
with

bounds as (

    select * from {{ ref('int_org_source_systems_bounded') }}

),

spined as (

    select
        bounds.org_id,
        bounds.source_system,
        spine.date_day as spine_date,
        bounds.as_of_date
    from bounds
    cross join lateral ({{ date_spine('bounds.first_date', 'bounds.as_of_date', 'day') }}) as spine

),

final as (

    select * from spined

)

select * from final

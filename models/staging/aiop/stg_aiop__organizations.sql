-- One row per organization (tenant). A reporting time zone the engine does not know would
-- make every local date fail; it falls back to UTC here and is flagged, never fatal.
with

source as (

    select
        id,
        name,
        slug,
        reporting_timezone,
        _loaded_at
    from {{ source('aiop', 'organizations') }}

),

known_time_zones as (

    select known_zones.name as time_zone_name
    from {{ time_zone_names() }} as known_zones

),

renamed as (

    select
        source.id as org_id,
        source.name as organization_name,
        source.slug,
        source.reporting_timezone as source_timezone,
        coalesce(known_time_zones.time_zone_name, 'UTC') as reporting_timezone,
        known_time_zones.time_zone_name is not null as has_valid_timezone,
        source._loaded_at
    from source
    left join known_time_zones
        on source.reporting_timezone = known_time_zones.time_zone_name

)

select * from renamed

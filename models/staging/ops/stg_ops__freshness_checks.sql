with

source as (

    select * from {{ source('ops', 'freshness_checks') }}

),

renamed as (

    select
        run_id,
        source_unique_id,
        source_name,
        table_name,
        status as freshness_status,
        max_loaded_at,
        age_seconds,
        warn_after,
        error_after,
        checked_at
    from source

)

select * from renamed

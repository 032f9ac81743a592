with

source as (

    select * from {{ source('ops', 'node_results') }}

),

renamed as (

    select
        run_id,
        unique_id,
        resource_type,
        node_name,
        status as node_status,
        execution_seconds,
        rows_affected,
        failures,
        message
    from source

)

select * from renamed

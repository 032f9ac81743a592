-- Zoom Phone call queues and when each existed.
with

source as (

    select
        org_id,
        queue_id,
        name,
        created_at,
        deleted_at,
        _loaded_at
    from {{ source('aiop', 'zoom_call_queues') }}

),

renamed as (

    select
        org_id,
        queue_id,
        name as queue_name,
        created_at,
        deleted_at
    from source

)

select * from renamed

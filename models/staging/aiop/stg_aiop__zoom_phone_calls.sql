-- Zoom Phone calls, direction and result normalized to lower case.
with

source as (

    select
        org_id,
        call_id,
        direction,
        result,
        start_time,
        duration_seconds,
        queue_id,
        _loaded_at
    from {{ source('aiop', 'zoom_phone_calls') }}

),

renamed as (

    select
        org_id,
        call_id,
        lower(trim(direction)) as direction,
        lower(trim(result)) as result,
        start_time as started_at,
        duration_seconds,
        queue_id,
        _loaded_at
    from source

)

select * from renamed

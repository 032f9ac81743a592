-- One row per bronze table's landing job, times as timestamptz.
with

source as (

    select
        table_name,
        last_successful_load,
        last_attempted_load,
        load_status,
        error_message,
        records_processed,
        processing_time,
        created_at,
        updated_at
    from {{ source('affiliate', 'etl_status') }}

),

renamed as (

    select
        table_name,
        {{ local_timestamp_start('last_successful_load', "'UTC'") }} as last_successful_load_at,
        {{ local_timestamp_start('last_attempted_load', "'UTC'") }} as last_attempted_load_at,
        {{ normalize_label('load_status') }} as load_status,
        error_message,
        records_processed,
        processing_time,
        {{ local_timestamp_start('updated_at', "'UTC'") }} as updated_at
    from source

)

select * from renamed

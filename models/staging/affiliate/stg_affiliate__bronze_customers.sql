-- One row per load of a customers record: the landing envelope typed (UTC wall-clock timestamps
-- become timestamptz), the JSON document untouched. The landed file path is dropped.
with

source as (

    select
        affiliate_id,
        client_id,
        data,
        load_timestamp,
        api_run_timestamp,
        source_file,
        load_status,
        error_message,
        retry_count,
        last_retry_timestamp,
        created_at,
        updated_at
    from {{ source('affiliate', 'bronze_customers') }}

),

renamed as (

    select
        affiliate_id as load_affiliate_id,
        client_id,
        data,
        {{ local_timestamp_start('load_timestamp', "'UTC'") }} as load_at,
        load_timestamp as load_partition_key,
        {{ local_timestamp_start('api_run_timestamp', "'UTC'") }} as api_run_at,
        load_status,
        load_status = 'loaded' as is_loaded,
        error_message,
        coalesce(retry_count, 0) as retry_count,
        {{ local_timestamp_start('last_retry_timestamp', "'UTC'") }} as last_retry_at
    from source

)

select * from renamed

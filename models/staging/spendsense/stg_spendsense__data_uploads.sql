-- One row per uploaded file. The file name and the S3 object key can carry personal
-- words and are dropped; validation errors become a count (0 when NULL). A
-- validation_errors value that is not a JSON array counts 0 errors and is flagged.
with

source as (

    select
        upload_id,
        user_id,
        file_name,
        file_size,
        file_type,
        s3_key,
        s3_bucket,
        status,
        validation_errors,
        created_at,
        updated_at,
        processed_at
    from {{ source('spendsense', 'data_uploads') }}

),

renamed as (

    select
        upload_id,
        user_id,
        file_type,
        file_size as file_size_bytes,
        status,
        created_at,
        updated_at,
        processed_at,
        case
            when {{ json_typeof('validation_errors') }} = 'array' then {{ json_array_length('validation_errors') }}
            else 0
        end as validation_error_count,
        coalesce({{ json_typeof('validation_errors') }} not in ('array', 'null'), false)
            as has_malformed_validation_errors
    from source

)

select * from renamed

-- One row per live transaction. Soft-deleted rows (deleted_at set) count in no metric and
-- are dropped here; the description is free text and is dropped too. Timestamps are UTC.
with

source as (

    select
        id,
        user_id,
        amount,
        date,
        description,
        category,
        type,
        source,
        confidence_score,
        connection_id,
        created_at,
        updated_at,
        deleted_at
    from {{ source('finance', 'transactions') }}

),

renamed as (

    select
        id as transaction_id,
        user_id,
        connection_id,
        date as transaction_date,
        type::{{ dbt.type_string() }} as transaction_type,
        source::{{ dbt.type_string() }} as transaction_source,
        category::{{ dbt.type_string() }} as category,
        amount,
        confidence_score,
        {{ local_timestamp_start('created_at', "'UTC'") }} as created_at,
        {{ local_timestamp_start('updated_at', "'UTC'") }} as updated_at
    from source
    where deleted_at is null

)

select * from renamed

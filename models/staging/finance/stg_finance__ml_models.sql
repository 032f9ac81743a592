-- One row per trained model, global (user_id NULL) or per user. The file path is
-- infrastructure detail no mart reads. trained_at is UTC.
with

source as (

    select
        id,
        model_type,
        user_id,
        version,
        accuracy,
        precision,
        recall,
        trained_at,
        model_path,
        is_active
    from {{ source('finance', 'ml_models') }}

),

renamed as (

    select
        id as model_id,
        model_type::{{ dbt.type_string() }} as model_type,
        user_id,
        version::{{ dbt.type_string() }} as model_version,
        accuracy,
        precision as precision_score,
        recall,
        {{ local_timestamp_start('trained_at', "'UTC'") }} as trained_at,
        is_active
    from source

)

select * from renamed

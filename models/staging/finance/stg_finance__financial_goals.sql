-- One row per savings goal. Timestamps are UTC.
with

source as (

    select
        id,
        user_id,
        name,
        target_amount,
        current_amount,
        deadline,
        category,
        status,
        created_at,
        updated_at
    from {{ source('finance', 'financial_goals') }}

),

renamed as (

    select
        id as goal_id,
        user_id,
        name::{{ dbt.type_string() }} as goal_name,
        category::{{ dbt.type_string() }} as category,
        status::{{ dbt.type_string() }} as status,
        target_amount,
        current_amount,
        deadline,
        {{ local_timestamp_start('created_at', "'UTC'") }} as created_at,
        {{ local_timestamp_start('updated_at', "'UTC'") }} as updated_at
    from source

)

select * from renamed

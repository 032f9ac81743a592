-- One row per bank connection. The access token is a secret and is never selected.
-- Timestamps are UTC. The snapshot snap_finance__connections records its status.
with

source as (

    select
        id,
        user_id,
        institution_id,
        institution_name,
        access_token,
        last_sync,
        status,
        created_at
    from {{ source('finance', 'connections') }}

),

renamed as (

    select
        id as connection_id,
        user_id,
        institution_id::{{ dbt.type_string() }} as institution_id,
        institution_name::{{ dbt.type_string() }} as institution_name,
        status::{{ dbt.type_string() }} as status,
        {{ local_timestamp_start('last_sync', "'UTC'") }} as last_sync_at,
        {{ local_timestamp_start('created_at', "'UTC'") }} as created_at
    from source

)

select * from renamed

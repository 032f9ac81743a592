-- One row per finance account. Email, password hash and names stop here. The source's
-- timestamps are UTC wall-clock times without a zone: they become timestamptz here.
with

source as (

    select
        id,
        email,
        password_hash,
        first_name,
        last_name,
        created_at,
        updated_at
    from {{ source('finance', 'users') }}

),

renamed as (

    select
        id as user_id,
        {{ local_timestamp_start('created_at', "'UTC'") }} as signup_at,
        {{ local_timestamp_start('updated_at', "'UTC'") }} as updated_at
    from source

)

select * from renamed

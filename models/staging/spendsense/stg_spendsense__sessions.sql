-- One row per login session. The refresh token is a secret and is never selected.
with

source as (

    select
        session_id,
        user_id,
        refresh_token,
        expires_at,
        created_at,
        last_used_at
    from {{ source('spendsense', 'sessions') }}

),

renamed as (

    select
        session_id,
        user_id,
        created_at,
        expires_at,
        last_used_at
    from source

)

select * from renamed

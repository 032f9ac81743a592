-- One row per app user. PII (email, password hash, display name) stops here: only the
-- opaque id and the account flags go on.
with

source as (

    select
        id,
        created_at,
        is_active,
        email_validated,
        login_attempts
    from {{ source('app', 'users') }}

),

renamed as (

    select
        id as user_id,
        created_at as signup_at,
        coalesce(is_active, true) as is_active,
        coalesce(email_validated, false) as email_validated,
        coalesce(login_attempts, 0) as login_attempts
    from source

)

select * from renamed

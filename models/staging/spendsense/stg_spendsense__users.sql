-- One row per SpendSense account (users, operators and admins). Email, phone number,
-- password hash and OAuth provider ids stop here: only which sign-in methods exist goes on.
with

source as (

    select
        user_id,
        email,
        phone_number,
        password_hash,
        oauth_providers,
        role,
        consent_status,
        consent_version,
        created_at,
        updated_at
    from {{ source('spendsense', 'users') }}

),

renamed as (

    select
        user_id,
        role,
        coalesce(consent_status, false) as consent_status,
        consent_version,
        created_at as signup_at,
        updated_at,
        email is not null as has_email,
        phone_number is not null as has_phone_number,
        coalesce(
            {{ json_typeof('oauth_providers') }} = 'object' and oauth_providers <> {{ json_literal('{}') }},
            false
        ) as has_oauth_provider
    from source

)

select * from renamed

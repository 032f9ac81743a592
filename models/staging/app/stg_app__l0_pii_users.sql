-- Personal data reduced to flags: whether each field is on file. No name, date of birth or
-- phone number leaves this model.
with

source as (

    select
        id,
        internal_user_id,
        first_name,
        last_name,
        date_of_birth,
        phone
    from {{ source('app', 'l0_pii_users') }}

),

renamed as (

    select
        id as pii_record_id,
        internal_user_id as user_id,
        nullif(trim(first_name), '') is not null as has_first_name,
        nullif(trim(last_name), '') is not null as has_last_name,
        date_of_birth is not null as has_date_of_birth,
        nullif(trim(phone), '') is not null as has_phone
    from source

)

select * from renamed

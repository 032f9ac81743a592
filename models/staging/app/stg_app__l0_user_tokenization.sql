-- Tokens to internal user ids.
with

source as (

    select
        tokenized_user_id,
        internal_user_id,
        created_at
    from {{ source('app', 'l0_user_tokenization') }}

),

renamed as (

    select
        tokenized_user_id,
        internal_user_id as user_id,
        created_at as tokenized_at
    from source

)

select * from renamed

-- The Softbase general-ledger accounts with their cash-flow category.
with

source as (

    select
        org_id,
        account_no,
        name,
        category,
        _loaded_at
    from {{ source('aiop', 'sb_gl_accounts') }}

),

renamed as (

    select
        org_id,
        account_no,
        coalesce(nullif(trim(name), ''), account_no) as account_name,
        lower(trim(category)) as category
    from source

)

select * from renamed

-- QuickBooks chart of accounts, one row per (org, account).
with

source as (

    select * from {{ source('aiop', 'qb_accounts') }}

),

renamed as (

    select
        org_id,
        account_id,
        name as account_name,
        trim(account_type) as account_type,
        coalesce(is_active, true) as is_active
    from source

)

select * from renamed

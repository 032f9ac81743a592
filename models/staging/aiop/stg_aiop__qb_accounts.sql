-- QuickBooks chart of accounts, one row per (org, account).
with

source as (

    select
        org_id,
        account_id,
        name,
        account_type,
        is_active,
        _loaded_at
    from {{ source('aiop', 'qb_accounts') }}

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

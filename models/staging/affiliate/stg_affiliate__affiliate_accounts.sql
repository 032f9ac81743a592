-- One row per affiliate. Name, email, free-form metadata and the people in the audit
-- columns stop here: only the opaque id, the join time and the status go on.
with

source as (

    select
        affiliate_id,
        name,
        email,
        join_date,
        status,
        metadata,
        created_at,
        updated_at,
        created_by,
        updated_by
    from {{ source('affiliate', 'affiliate_accounts') }}

),

renamed as (

    select
        affiliate_id,
        join_date at time zone 'UTC' as joined_at,
        {{ normalize_label('status') }} as status,
        created_at at time zone 'UTC' as created_at,
        updated_at at time zone 'UTC' as updated_at
    from source

)

select * from renamed

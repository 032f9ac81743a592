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
        {{ local_timestamp_start('join_date', "'UTC'") }} as joined_at,
        {{ normalize_label('status') }} as status,
        {{ local_timestamp_start('created_at', "'UTC'") }} as created_at,
        {{ local_timestamp_start('updated_at', "'UTC'") }} as updated_at
    from source

)

select * from renamed

-- One row per audited change. The before/after JSON (which can hold an affiliate's name
-- or email) and the person who made the change stop here.
with

source as (

    select
        audit_id,
        table_name,
        record_id,
        action,
        old_values,
        new_values,
        changed_by,
        changed_at
    from {{ source('affiliate', 'audit_log') }}

),

renamed as (

    select
        audit_id,
        table_name,
        record_id,
        action,
        {{ local_timestamp_start('changed_at', "'UTC'") }} as changed_at
    from source

)

select * from renamed

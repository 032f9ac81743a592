-- One row per budget, with its allocations JSON as stored (unpacked and validated per
-- category in int_budget_allocations_unpacked). Timestamps are UTC.
with

source as (

    select
        id,
        user_id,
        name,
        period_start,
        period_end,
        allocations,
        created_at,
        updated_at
    from {{ source('finance', 'budgets') }}

),

renamed as (

    select
        id as budget_id,
        user_id,
        name::{{ dbt.type_string() }} as budget_name,
        period_start,
        period_end,
        allocations,
        coalesce({{ json_typeof('allocations') }} = 'object', false) as has_allocation_object,
        {{ local_timestamp_start('created_at', "'UTC'") }} as created_at,
        {{ local_timestamp_start('updated_at', "'UTC'") }} as updated_at
    from source

)

select * from renamed

-- One row per organization: the tenant every org mart's org_id points to.
with

organizations as (

    select * from {{ ref('stg_aiop__organizations') }}

),

final as (

    select
        org_id::integer as org_id,
        organization_name as name,
        slug,
        reporting_timezone
    from organizations

)

select * from final

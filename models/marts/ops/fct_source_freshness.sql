with

runs as (

    select
        run_id,
        job,
        target_name
    from {{ ref('stg_ops__runs') }}

),

freshness_checks as (

    select * from {{ ref('stg_ops__freshness_checks') }}

),

final as (

    select
        freshness_checks.run_id,
        freshness_checks.source_unique_id,
        freshness_checks.source_name,
        freshness_checks.table_name,
        runs.job,
        runs.target_name,
        freshness_checks.checked_at,
        freshness_checks.freshness_status,
        freshness_checks.freshness_status in ('error', 'runtime error') as is_stale,
        freshness_checks.max_loaded_at,
        cast(freshness_checks.age_seconds / 3600.0 as numeric(18, 6)) as age_hours,
        freshness_checks.warn_after,
        freshness_checks.error_after
    from freshness_checks
    inner join runs
        on freshness_checks.run_id = runs.run_id

)

select * from final

with

runs as (

    select
        run_id,
        job,
        target_name,
        started_at
    from {{ ref('stg_ops__runs') }}

),

node_results as (

    select * from {{ ref('stg_ops__node_results') }}

),

final as (

    select
        node_results.run_id,
        node_results.unique_id,
        node_results.resource_type,
        node_results.node_name,
        runs.job,
        runs.target_name,
        runs.started_at as run_started_at,
        node_results.node_status,
        cast(node_results.execution_seconds as numeric(18, 3)) as execution_seconds,
        node_results.rows_affected,
        node_results.failures,
        node_results.message
    from node_results
    inner join runs
        on node_results.run_id = runs.run_id

)

select * from final

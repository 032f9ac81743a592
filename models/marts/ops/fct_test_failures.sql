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
    -- the results of tests that ran: a test skipped after a failure upstream found nothing
    where resource_type in ('test', 'unit_test') and node_status <> 'skipped'

),

test_results as (

    select
        node_results.run_id,
        node_results.unique_id,
        node_results.node_name,
        node_results.resource_type,
        runs.job,
        runs.target_name,
        runs.started_at as run_started_at,
        node_results.node_status,
        node_results.failures,
        node_results.message,
        lag(node_results.failures) over (
            partition by runs.target_name, node_results.unique_id
            order by runs.started_at
        ) as previous_failures
    from node_results
    inner join runs
        on node_results.run_id = runs.run_id

),

failing as (

    select * from test_results
    where node_status in ('fail', 'warn', 'error')

),

final as (

    select
        run_id,
        unique_id,
        node_name as test_name,
        resource_type,
        job,
        target_name,
        run_started_at,
        node_status as test_status,
        failures,
        previous_failures,
        min(run_started_at) over (partition by target_name, unique_id) as first_failed_at,
        message
    from failing

)

select * from final

with

-- the results of tests that ran (a test skipped after a failure upstream found nothing), with
-- their run's job, target and start from the node mart
test_results as (

    select
        run_id,
        unique_id,
        node_name,
        resource_type,
        job,
        target_name,
        run_started_at,
        node_status,
        failures,
        message,
        lag(failures) over (partition by target_name, unique_id order by run_started_at) as previous_failures
    from {{ ref('fct_node_runs') }}
    where resource_type in ('test', 'unit_test') and node_status <> 'skipped'

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

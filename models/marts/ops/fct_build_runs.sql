with

runs as (

    select * from {{ ref('stg_ops__runs') }}

),

node_results as (

    select
        run_id,
        resource_type,
        node_status,
        rows_affected
    from {{ ref('stg_ops__node_results') }}

),

freshness_checks as (

    select
        run_id,
        freshness_status
    from {{ ref('stg_ops__freshness_checks') }}

),

nodes_per_run as (

    select
        run_id,
        count(*) as nodes_run,
        sum(case when node_status in ('success', 'pass', 'no-op') then 1 else 0 end) as nodes_passed,
        sum(case when node_status = 'warn' then 1 else 0 end) as nodes_warned,
        sum(case when node_status in ('error', 'fail', 'runtime error') then 1 else 0 end) as nodes_failed,
        sum(case when node_status = 'skipped' then 1 else 0 end) as nodes_skipped,
        sum(
            case when resource_type in ('test', 'unit_test') and node_status in ('fail', 'error') then 1 else 0 end
        ) as tests_failed,
        sum(case when resource_type in ('model', 'seed', 'snapshot') then rows_affected end) as rows_written
    from node_results
    group by run_id

),

freshness_per_run as (

    select
        run_id,
        count(*) as sources_checked,
        sum(case when freshness_status = 'warn' then 1 else 0 end) as sources_warned,
        sum(case when freshness_status in ('error', 'runtime error') then 1 else 0 end) as sources_stale
    from freshness_checks
    group by run_id

),

final as (

    select
        runs.run_id,
        runs.command,
        runs.job,
        runs.selection,
        runs.target_name,
        runs.engine,
        runs.as_of_date,
        runs.git_revision,
        runs.started_at,
        runs.ended_at,
        cast({{ seconds_between('runs.started_at', 'runs.ended_at') }} as numeric(18, 3)) as duration_seconds,
        runs.run_status,
        runs.exit_code,
        cast(coalesce(nodes_per_run.nodes_run, 0) as integer) as nodes_run,
        cast(coalesce(nodes_per_run.nodes_passed, 0) as integer) as nodes_passed,
        cast(coalesce(nodes_per_run.nodes_warned, 0) as integer) as nodes_warned,
        cast(coalesce(nodes_per_run.nodes_failed, 0) as integer) as nodes_failed,
        cast(coalesce(nodes_per_run.nodes_skipped, 0) as integer) as nodes_skipped,
        cast(coalesce(nodes_per_run.tests_failed, 0) as integer) as tests_failed,
        cast(nodes_per_run.rows_written as bigint) as rows_written,
        cast(coalesce(freshness_per_run.sources_checked, 0) as integer) as sources_checked,
        cast(coalesce(freshness_per_run.sources_warned, 0) as integer) as sources_warned,
        cast(coalesce(freshness_per_run.sources_stale, 0) as integer) as sources_stale
    from runs
    left join nodes_per_run
        on runs.run_id = nodes_per_run.run_id
    left join freshness_per_run
        on runs.run_id = freshness_per_run.run_id

)

select * from final

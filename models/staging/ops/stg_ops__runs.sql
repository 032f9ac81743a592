with

source as (

    select * from {{ source('ops', 'runs') }}

),

renamed as (

    select
        run_id,
        command,
        job,
        selection,
        target_name,
        engine,
        as_of_date,
        git_revision,
        started_at,
        ended_at,
        status as run_status,
        exit_code
    from source

)

select * from renamed

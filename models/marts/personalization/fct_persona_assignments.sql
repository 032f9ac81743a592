-- One row per persona assignment with its validity range. days_in_persona counts calendar
-- days in the reporting time zone from the assignment's date to the date of valid_to, or
-- to as_of_date while current (never below 0).
with

assignments as (

    select
        history_id,
        user_id,
        persona_id,
        persona_name,
        assigned_at,
        valid_to,
        previous_persona_id,
        assignment_number,
        is_current,
        is_superseded_at_once
    from {{ ref('int_persona_assignments_ranged') }}

),

personas as (

    select
        persona_id,
        persona_name
    from {{ ref('spendsense_personas') }}

),

final as (

    select
        assignments.history_id,
        assignments.user_id,
        assignments.persona_id,
        coalesce(personas.persona_name, assignments.persona_name) as persona_name,
        assignments.assigned_at,
        assignments.valid_to,
        assignments.previous_persona_id,
        -- days between dates through dbt.datediff: an integer on PostgreSQL, a bigint on
        -- DuckDB, and on Spark `-` of dates is an interval
        cast(greatest(
            case
                when assignments.valid_to is not null
                    then {{ dbt.datediff(
                        local_date('assignments.assigned_at'), local_date('assignments.valid_to'), 'day'
                    ) }}
                else {{ dbt.datediff(local_date('assignments.assigned_at'), as_of_date(), 'day') }}
            end,
            0
        ) as integer) as days_in_persona,
        assignments.is_current,
        assignments.assignment_number,
        assignments.is_superseded_at_once
    from assignments
    left join personas on assignments.persona_id = personas.persona_id

)

select * from final

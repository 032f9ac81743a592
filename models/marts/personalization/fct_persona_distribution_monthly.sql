-- Users per persona at each month's end, from the month of the first assignment to the
-- month of as_of_date, every persona zero-filled. A user holds a persona at an instant when
-- one of their assignments' ranges [assigned_at, valid_to) contains it; the instant is the
-- end of the month's last day in the reporting time zone, or the end of as_of_date for the
-- month that contains it. users_entered / users_left count users whose assignment to or
-- from the persona (a change of persona, not a repeat) happened in the month.
with

assignments as (

    select
        user_id,
        persona_id,
        assigned_at,
        valid_to,
        previous_persona_id,
        next_persona_id
    from {{ ref('int_persona_assignments_ranged') }}

),

personas as (

    select
        persona_id,
        persona_name
    from {{ ref('spendsense_personas') }}

),

all_personas as (

    select persona_id from personas
    union
    select distinct persona_id from assignments

),

months as (

    select date_month as month_start
    from (
        {{ date_spine(
            "(select min(" ~ month_start(local_date('assigned_at')) ~ ") from assignments)",
            as_of_date(),
            "month",
        ) }}
    ) as spine

),

month_ends as (

    select
        month_start,
        least(
            {{ local_timestamp_start(dbt.dateadd('month', 1, 'month_start')) }},
            {{ end_of_as_of_date() }}
        ) as month_end_at
    from months

),

held_at_month_end as (

    select
        month_ends.month_start,
        assignments.persona_id,
        count(distinct assignments.user_id) as users_in_persona
    from month_ends
    inner join assignments
        on month_ends.month_end_at > assignments.assigned_at
        and (assignments.valid_to is null or month_ends.month_end_at <= assignments.valid_to)
    group by 1, 2

),

entered as (

    select
        {{ month_start(local_date('assigned_at')) }} as month_start,
        persona_id,
        count(distinct user_id) as users_entered
    from assignments
    where previous_persona_id is distinct from persona_id
    group by 1, 2

),

left_persona as (

    select
        {{ month_start(local_date('valid_to')) }} as month_start,
        persona_id,
        count(distinct user_id) as users_left
    from assignments
    where valid_to is not null and next_persona_id is distinct from persona_id
    group by 1, 2

),

final as (

    select
        months.month_start,
        all_personas.persona_id,
        personas.persona_name,
        coalesce(held_at_month_end.users_in_persona, 0) as users_in_persona,
        coalesce(entered.users_entered, 0) as users_entered,
        coalesce(left_persona.users_left, 0) as users_left,
        (months.month_start + interval '1 month')::date - 1 < {{ as_of_date() }} as is_complete_period
    from months
    cross join all_personas
    left join personas on all_personas.persona_id = personas.persona_id
    left join held_at_month_end
        on months.month_start = held_at_month_end.month_start
        and all_personas.persona_id = held_at_month_end.persona_id
    left join entered
        on months.month_start = entered.month_start
        and all_personas.persona_id = entered.persona_id
    left join left_persona
        on months.month_start = left_persona.month_start
        and all_personas.persona_id = left_persona.persona_id

)

select * from final

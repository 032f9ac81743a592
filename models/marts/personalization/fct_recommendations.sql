-- One row per recommendation with its review and the persona the user held when it was
-- created (the assignment whose range [assigned_at, valid_to) contains created_at).
-- pending_age_hours is measured to the end of as_of_date in the reporting time zone.
with

recommendations as (

    select
        recommendation_id,
        user_id,
        recommendation_type,
        status,
        created_at,
        decided_at,
        decided_by,
        review_hours,
        is_pending,
        has_unknown_decider,
        rejection_reason
    from {{ ref('int_recommendations_reviewed') }}

),

assignments as (

    select
        user_id,
        persona_id,
        assigned_at,
        valid_to
    from {{ ref('int_persona_assignments_ranged') }}

),

final as (

    select
        recommendations.recommendation_id,
        recommendations.user_id,
        recommendations.recommendation_type as type,
        recommendations.status,
        recommendations.created_at,
        recommendations.decided_at,
        recommendations.decided_by,
        recommendations.review_hours,
        recommendations.is_pending,
        cast(
            case
                when recommendations.is_pending
                    then {{ divide_round(seconds_between('recommendations.created_at', end_of_as_of_date()), 3600, 6) }}
            end as numeric(18, 6)
        ) as pending_age_hours,
        recommendations.rejection_reason,
        assignments.persona_id as persona_id_at_creation,
        recommendations.has_unknown_decider
    from recommendations
    left join assignments
        on recommendations.user_id = assignments.user_id
        and recommendations.created_at >= assignments.assigned_at
        and (assignments.valid_to is null or recommendations.created_at < assignments.valid_to)

)

select * from final

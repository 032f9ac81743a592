-- One row per recommendation with its review outcome: the decision time and operator
-- follow the status (approved_at/approved_by for approved, rejected_at/rejected_by for
-- rejected), and review hours are the fractional hours from creation to decision.
with

recommendations as (

    select
        recommendation_id,
        user_id,
        recommendation_type,
        status,
        created_at,
        approved_at,
        approved_by,
        rejected_at,
        rejected_by,
        rejection_reason
    from {{ ref('stg_spendsense__recommendations') }}

),

decided as (

    select
        recommendation_id,
        user_id,
        recommendation_type,
        status,
        created_at,
        rejection_reason,
        case status
            when 'approved' then approved_at
            when 'rejected' then rejected_at
        end as decided_at,
        case status
            when 'approved' then approved_by
            when 'rejected' then rejected_by
        end as decided_by
    from recommendations

),

final as (

    select
        recommendation_id,
        user_id,
        recommendation_type,
        status,
        created_at,
        decided_at,
        decided_by,
        cast({{ divide_round(seconds_between('created_at', 'decided_at'), 3600, 6) }} as numeric(18, 6))
            as review_hours,
        status = 'pending' as is_pending,
        status in ('approved', 'rejected') and decided_by is null as has_unknown_decider,
        rejection_reason,
        {{ local_date('created_at') }} as created_date,
        {{ local_date('decided_at') }} as decided_date
    from decided

)

select * from final

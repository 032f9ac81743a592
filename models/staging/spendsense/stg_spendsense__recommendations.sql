-- One row per recommendation. Title, body, rationale and the decision trace are free text
-- or large JSON no mart reads; the review columns are kept as the application wrote them.
with

source as (

    select
        recommendation_id,
        user_id,
        type,
        title,
        content,
        rationale,
        status,
        decision_trace,
        created_at,
        approved_at,
        approved_by,
        rejected_at,
        rejected_by,
        rejection_reason
    from {{ source('spendsense', 'recommendations') }}

),

renamed as (

    select
        recommendation_id,
        user_id,
        type as recommendation_type,
        status,
        created_at,
        approved_at,
        approved_by,
        rejected_at,
        rejected_by,
        rejection_reason
    from source

)

select * from renamed

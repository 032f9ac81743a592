-- One row per user who started onboarding. The motivation is kept as its match key
-- (trimmed, lower-cased; NULL when blank) for the intent-category mapping; the free-text
-- answers stay behind. A completion means step 5 was reached, whatever last_step says.
with

source as (

    select
        id,
        user_id,
        motivation,
        last_step,
        completed_at,
        created_at
    from {{ source('app', 'onboarding_responses') }}

),

renamed as (

    select
        id as onboarding_id,
        user_id,
        nullif(lower(trim(motivation)), '') as motivation_key,
        case when completed_at is not null then 5 else last_step end as last_step,
        completed_at,
        created_at as started_at
    from source

)

select * from renamed

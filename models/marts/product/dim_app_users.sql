with

users as (

    select * from {{ ref('stg_app__users') }}

),

final as (

    select
        user_id,
        signup_at,
        {{ local_date('signup_at') }} as signup_date,
        {{ week_start(local_date('signup_at')) }} as signup_week,
        is_active,
        email_validated
    from users

)

select * from final

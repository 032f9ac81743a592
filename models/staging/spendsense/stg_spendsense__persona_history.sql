-- One row per persona assignment, as the application logged it.
with

source as (

    select
        history_id,
        user_id,
        persona_id,
        persona_name,
        assigned_at,
        signals
    from {{ source('spendsense', 'persona_history') }}

),

renamed as (

    select
        history_id,
        user_id,
        persona_id,
        persona_name,
        assigned_at
    from source

)

select * from renamed

-- One row per user: the persona the application holds now (current state, no history;
-- the snapshot snap_spendsense__user_profiles keeps what each build saw).
with

source as (

    select
        profile_id,
        user_id,
        persona_id,
        persona_name,
        signals_30d,
        signals_180d,
        updated_at
    from {{ source('spendsense', 'user_profiles') }}

),

renamed as (

    select
        profile_id,
        user_id,
        persona_id,
        persona_name,
        updated_at as persona_updated_at
    from source

)

select * from renamed

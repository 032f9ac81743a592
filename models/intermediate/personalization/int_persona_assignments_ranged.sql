-- Each persona assignment with its validity range [assigned_at, valid_to): valid_to is the
-- user's next assignment (NULL while current). A user's assignments are ordered by
-- assigned_at, then by history_id, so two rows logged at the same instant get a fixed
-- order: the first one's range is empty (valid_to = assigned_at) and the second holds.
with

persona_history as (

    select
        history_id,
        user_id,
        persona_id,
        persona_name,
        assigned_at
    from {{ ref('stg_spendsense__persona_history') }}

),

sequenced as (

    select
        history_id,
        user_id,
        persona_id,
        persona_name,
        assigned_at,
        row_number() over user_timeline as assignment_number,
        lead(assigned_at) over user_timeline as valid_to,
        lag(persona_id) over user_timeline as previous_persona_id,
        lead(persona_id) over user_timeline as next_persona_id
    from persona_history
    window user_timeline as (partition by user_id order by assigned_at asc, history_id asc)

),

final as (

    select
        history_id,
        user_id,
        persona_id,
        persona_name,
        assigned_at,
        valid_to,
        previous_persona_id,
        next_persona_id,
        assignment_number,
        valid_to is null as is_current,
        coalesce(valid_to = assigned_at, false) as is_superseded_at_once
    from sequenced

)

select * from final

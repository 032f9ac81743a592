-- At most one active ML model per (user_id, model_type): the application loads "the"
-- active model of a scope with LIMIT 1, so a second active one makes its choice arbitrary.
-- Global models (user_id NULL) are one scope per model type. Fails with each offending scope.
with

active_models as (

    select
        user_id,
        model_type,
        model_id
    from {{ ref('fct_model_registry') }}
    where is_active

)

select
    user_id,
    model_type,
    count(*) as active_models
from active_models
group by user_id, model_type
having count(*) > 1

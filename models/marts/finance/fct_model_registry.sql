-- One row per ML model. Global models (user_id NULL) form one scope per model type; a
-- user's models form another. The latest model of a scope is the most recently trained
-- (ties: the higher version string, then the higher model_id).
with

models as (

    select
        model_id,
        model_type,
        user_id,
        model_version,
        accuracy,
        precision_score,
        recall,
        trained_at,
        is_active
    from {{ ref('stg_finance__ml_models') }}

),

final as (

    select
        model_id,
        model_type,
        case when user_id is null then 'global' else 'user' end as scope,
        user_id,
        model_version as version,
        accuracy,
        precision_score as precision,
        recall,
        case
            when precision_score + recall > 0
                then 2 * precision_score * recall / (precision_score + recall)
        end as f1_score,
        trained_at,
        is_active,
        row_number() over (
            partition by user_id, model_type order by trained_at desc, model_version desc, model_id desc
        ) = 1 as is_latest_for_scope
    from models

)

select * from final

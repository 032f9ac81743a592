{{ config(indexes=[{'columns': ['client_id']}, {'columns': ['deposit_date', 'deposit_time']}]) }}

-- One row per deposit record: its latest successful load, typed and valued in USD, when
-- that load breaks no rule. The deposit's affiliate is its (silver) customer's.
with

deposits as (

    select * from {{ ref('int_affiliate_deposits_validated') }}
    where is_silver

),

final as (

    select
        deposit_id,
        client_id,
        deposit_time,
        deposit_date,
        deposit_coin,
        deposit_amount,
        deposit_amount_usd,
        status,
        affiliate_id,
        is_completed,
        load_at as load_timestamp
    from deposits

)

select * from final

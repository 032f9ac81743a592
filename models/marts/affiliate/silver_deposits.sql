{{
    config(
        indexes=[{'columns': ['client_id']}, {'columns': ['deposit_date', 'deposit_time']}],
        incremental_strategy='affiliate_replace_keys',
        unique_key='deposit_id',
        replace_keys={'present': 'load_timestamp'},
    )
}}

-- One row per deposit record: its latest successful load, typed and valued in USD, when
-- that load breaks no rule. The deposit's affiliate is its (silver) customer's.
-- Incremental: a build writes again only the records judged since the last one (their
-- silver row, or a tombstone that deletes a record no longer in silver).
with

deposits as (

    {{ affiliate_silver_candidates(ref('int_affiliate_deposits_validated'), 'deposit_id') }}

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
        -- NULL only in an incremental build's tombstone of a record no longer in silver
        case when is_silver then load_at end as load_timestamp
    from deposits

)

select * from final

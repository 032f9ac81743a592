{{
    config(
        indexes=[{'columns': ['client_id']}, {'columns': ['trade_date', 'trade_time']}],
        incremental_strategy='affiliate_replace_keys',
        unique_key='trade_activity_id',
        replace_keys={'present': 'load_timestamp'},
    )
}}

-- One row per trade record: its latest successful load, typed, when that load breaks no
-- rule. The trade's affiliate is its (silver) customer's.
-- Incremental: a build writes again only the records judged since the last one (their
-- silver row, or a tombstone that deletes a record no longer in silver).
with

trades as (

    {{ affiliate_silver_candidates(ref('int_affiliate_trades_validated'), 'trade_activity_id') }}

),

final as (

    select
        trade_activity_id,
        client_id,
        trade_time,
        trade_date,
        symbol,
        trade_volume,
        trade_type,
        status,
        affiliate_id,
        is_completed,
        -- NULL only in an incremental build's tombstone of a record no longer in silver
        case when is_silver then load_at end as load_timestamp
    from trades

)

select * from final

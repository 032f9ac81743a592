{{ config(indexes=[{'columns': ['client_id']}, {'columns': ['trade_date', 'trade_time']}]) }}

-- One row per trade record: its latest successful load, typed, when that load breaks no
-- rule. The trade's affiliate is its (silver) customer's.
with

trades as (

    select * from {{ ref('int_affiliate_trades_validated') }}
    where is_silver

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
        load_at as load_timestamp
    from trades

)

select * from final

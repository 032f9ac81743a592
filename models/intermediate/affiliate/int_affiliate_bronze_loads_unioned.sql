-- Every bronze load of the four landing tables in one shape: what the rejected-records,
-- data quality and ETL marts need (the version, the verdict, the quality flags).
with

customers as (

    select * from {{ ref('int_affiliate_customers_validated') }}

),

deposits as (

    select * from {{ ref('int_affiliate_deposits_validated') }}

),

trades as (

    select * from {{ ref('int_affiliate_trades_validated') }}

),

assets as (

    select * from {{ ref('int_affiliate_assets_validated') }}

),

unioned as (

    select
        'bronze_customers' as source_table,
        'customers' as data_source,
        client_id as record_id,
        load_affiliate_id,
        load_at,
        is_loaded,
        version_status,
        data,
        affiliate_id,
        event_at,
        reason,
        reasons,
        is_valid,
        is_silver,
        is_complete,
        is_consistent,
        is_timely
    from customers

    union all

    select
        'bronze_deposits' as source_table,
        'deposits' as data_source,
        deposit_id as record_id,
        load_affiliate_id,
        load_at,
        is_loaded,
        version_status,
        data,
        affiliate_id,
        event_at,
        reason,
        reasons,
        is_valid,
        is_silver,
        is_complete,
        is_consistent,
        is_timely
    from deposits

    union all

    select
        'bronze_trades' as source_table,
        'trades' as data_source,
        trade_activity_id as record_id,
        load_affiliate_id,
        load_at,
        is_loaded,
        version_status,
        data,
        affiliate_id,
        event_at,
        reason,
        reasons,
        is_valid,
        is_silver,
        is_complete,
        is_consistent,
        is_timely
    from trades

    union all

    select
        'bronze_assets' as source_table,
        'assets' as data_source,
        asset_id as record_id,
        load_affiliate_id,
        load_at,
        is_loaded,
        version_status,
        data,
        affiliate_id,
        event_at,
        reason,
        reasons,
        is_valid,
        is_silver,
        is_complete,
        is_consistent,
        is_timely
    from assets

)

select * from unioned

{{ config(indexes=[{'columns': ['client_id']}]) }}

-- One row per asset (balance) record: its latest successful load, typed, when that load
-- breaks no rule. The asset's affiliate is its (silver) customer's.
with

assets as (

    select * from {{ ref('int_affiliate_assets_validated') }}
    where is_silver

),

final as (

    select
        asset_id,
        client_id,
        balance,
        last_update_time,
        last_update_date,
        symbol,
        status,
        remark,
        affiliate_id,
        load_at as load_timestamp
    from assets

)

select * from final

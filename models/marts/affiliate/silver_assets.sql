{{
    config(
        indexes=[{'columns': ['client_id']}],
        incremental_strategy='affiliate_replace_keys',
        unique_key='asset_id',
        replace_keys={'present': 'load_timestamp'},
    )
}}

-- One row per asset (balance) record: its latest successful load, typed, when that load
-- breaks no rule. The asset's affiliate is its (silver) customer's.
-- Incremental: a build writes again only the records judged since the last one (their
-- silver row, or a tombstone that deletes a record no longer in silver).
with

assets as (

    {{ affiliate_silver_candidates(ref('int_affiliate_assets_validated'), 'asset_id') }}

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
        -- NULL only in an incremental build's tombstone of a record no longer in silver
        case when is_silver then load_at end as load_timestamp
    from assets

)

select * from final

{{
    config(
        indexes=[{'columns': ['affiliate_id']}, {'columns': ['register_date']}],
        incremental_strategy='affiliate_replace_keys',
        unique_key='client_id',
        replace_keys={'present': 'load_timestamp'},
    )
}}

-- One row per customer record: its latest successful load, typed, when that load breaks
-- no rule (otherwise the record is in silver_rejected_records, and no earlier load stands in).
-- Incremental: a build writes again only the records judged since the last one (their
-- silver row, or a tombstone that deletes a record no longer in silver).
with

customers as (

    {{ affiliate_silver_candidates(ref('int_affiliate_customers_validated'), 'client_id') }}

),

final as (

    select
        client_id,
        affiliate_id,
        register_time,
        register_date,
        country,
        status,
        -- NULL only in an incremental build's tombstone of a record no longer in silver
        case when is_silver then load_at end as load_timestamp
    from customers

)

select * from final

{{ config(indexes=[{'columns': ['affiliate_id']}, {'columns': ['register_date']}]) }}

-- One row per customer record: its latest successful load, typed, when that load breaks
-- no rule (otherwise the record is in silver_rejected_records, and no earlier load stands in).
with

customers as (

    select * from {{ ref('int_affiliate_customers_validated') }}
    where is_silver

),

final as (

    select
        client_id,
        affiliate_id,
        register_time,
        register_date,
        country,
        status,
        load_at as load_timestamp
    from customers

)

select * from final

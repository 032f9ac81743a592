{{
    config(
        materialized='incremental',
        meta={'written_rows': {'column': 'computed_at'}},
        unique_key='trade_activity_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        indexes=[{'columns': ['trade_activity_id']}, {'columns': ['client_id']}, {'columns': ['computed_at']}, {'columns': ['load_at']}, {'columns': ['trade_date']}],
    )
}}

-- Every load of a trade record, parsed and judged (see int_affiliate_customers_validated
-- for the version and reason columns). A trade's client must be a silver customer; the
-- trade takes that customer's affiliate. `trade_type` is buy or sell (any case).
with

{{ affiliate_loads_to_judge(ref('stg_affiliate__bronze_trades'), 'trade_activity_id', depends_on_customers=true) }},

customers as (

    select
        client_id,
        affiliate_id
    from {{ ref('int_affiliate_customers_validated') }}
    where is_silver

),

extracted as (

    select
        load_affiliate_id,
        trade_activity_id,
        data,
        load_at,
        is_loaded,
        {{ affiliate_json_is_object('data') }} as is_json_object,
        {{ affiliate_json_is_present('data', 'trade_activity_id') }} as has_trade_activity_id,
        {{ affiliate_json_is_present('data', 'client_id') }} as has_client_id,
        {{ affiliate_json_is_present('data', 'trade_time') }} as has_trade_time,
        {{ affiliate_json_is_present('data', 'trade_volume') }} as has_trade_volume,
        {{ affiliate_json_is_present('data', 'trade_type') }} as has_trade_type,
        {{ affiliate_json_is_present('data', 'status') }} as has_status,
        {{ affiliate_json_text('data', 'trade_activity_id') }} as data_trade_activity_id,
        {{ affiliate_json_text('data', 'client_id') }} as client_id,
        {{ affiliate_json_text('data', 'trade_time') }} as trade_time_text,
        upper({{ affiliate_json_text('data', 'symbol') }}) as symbol,
        {{ affiliate_json_text('data', 'trade_volume') }} as trade_volume_text,
        lower({{ affiliate_json_text('data', 'trade_type') }}) as trade_type_text,
        lower({{ affiliate_json_text('data', 'status') }}) as status_text
    from loads

),

parsed as (

    -- the window function keeps this step from being inlined into the later ones, so
    -- every value is parsed once per row (not once per use)
    select
        *,
        {{ affiliate_version_status('trade_activity_id', 'load_at', 'is_loaded', ['load_affiliate_id']) }}
            as version_status,
        {{ affiliate_safe_timestamptz('trade_time_text') }} as trade_time,
        round({{ affiliate_safe_numeric('trade_volume_text') }}, 8) as volume_value
    from extracted

),

joined as (

    select
        parsed.*,
        customers.affiliate_id,
        customers.client_id is not null as is_known_client
    from parsed
    left join customers
        on parsed.client_id = customers.client_id

),

checked as (

    -- each rule's verdict on its own: a reason, or NULL when the rule holds
    select
        *,
        case
            when not has_trade_activity_id then 'missing trade_activity_id'
            when data_trade_activity_id is null then 'unparseable trade_activity_id'
            when
                data_trade_activity_id <> trade_activity_id
                then 'trade_activity_id does not match the record id'
        end as trade_activity_id_reason,
        case
            when not has_client_id then 'missing client_id'
            when client_id is null then 'unparseable client_id'
        end as client_id_reason,
        case
            when not has_trade_time then 'missing trade_time'
            when trade_time is null then 'unparseable trade_time'
        end as trade_time_reason,
        case
            when not has_trade_volume then 'missing trade_volume'
            when volume_value is null or abs(volume_value) >= 1e10 then 'unparseable trade_volume'
            when volume_value < 0 then 'negative trade_volume'
        end as trade_volume_reason,
        case
            when not has_trade_type then 'missing trade_type'
            when coalesce(trade_type_text not in ('buy', 'sell'), true) then 'unparseable trade_type'
        end as trade_type_reason,
        case
            when not has_status then 'missing status'
            when coalesce(status_text not in ({{ affiliate_status_literals('trades') }}), true)
                then 'unknown status'
        end as status_reason,
        case
            when client_id is not null and not is_known_client then 'unknown client_id'
        end as known_client_reason
    from joined

),

listed as (

    -- every broken rule in the fixed order (NULL for a failed load: nothing to judge)
    select
        *,
        case
            when not is_loaded then null
            when not is_json_object then {{ text_array(["'data is not a json object'"]) }}
            else {{ non_null_array([
                'trade_activity_id_reason',
                'client_id_reason',
                'trade_time_reason',
                'trade_volume_reason',
                'trade_type_reason',
                'status_reason',
                'known_client_reason',
            ]) }}
        end as reasons
    from checked

),

final as (

    select
        trade_activity_id,
        load_affiliate_id,
        load_at,
        is_loaded,
        version_status,
        data,
        client_id,
        affiliate_id,
        trade_time,
        {{ local_date('trade_time') }} as trade_date,
        symbol,
        case when abs(volume_value) < 1e10 then volume_value end::numeric(18, 8) as trade_volume,
        trade_type_text as trade_type,
        status_text as status,
        status_text = 'completed' as is_completed,
        {{ to_json_array('reasons') }} as reasons,
        {{ array_element('reasons', 1) }} as reason,
        coalesce({{ element_count('reasons') }} = 0, false) as is_valid,
        version_status = 'current' and coalesce({{ element_count('reasons') }} = 0, false) as is_silver,
        trade_time as event_at,
        case
            when is_loaded
                then
                    is_json_object and has_trade_activity_id and has_client_id and has_trade_time
                    and has_trade_volume and has_trade_type and has_status
        end as is_complete,
        case when is_loaded and client_id is not null then is_known_client end as is_consistent,
        case when is_loaded then load_at <= trade_time + interval '24 hours' end as is_timely,
        {{ build_started_at() }} as computed_at
    from listed

)

select * from final

{{
    config(
        materialized='incremental',
        meta={'written_rows': {'column': 'computed_at'}},
        unique_key='asset_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        indexes=[{'columns': ['asset_id']}, {'columns': ['client_id']}, {'columns': ['computed_at']}, {'columns': ['load_at']}],
    )
}}

-- Every load of an asset (balance) record, parsed and judged (see
-- int_affiliate_customers_validated for the version and reason columns). An asset's
-- client must be a silver customer; a balance is an amount, so a negative one breaks a rule.
with

{{ affiliate_loads_to_judge(ref('stg_affiliate__bronze_assets'), 'asset_id', depends_on_customers=true) }},

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
        asset_id,
        data,
        load_at,
        is_loaded,
        {{ affiliate_json_is_object('data') }} as is_json_object,
        {{ affiliate_json_is_present('data', 'asset_id') }} as has_asset_id,
        {{ affiliate_json_is_present('data', 'client_id') }} as has_client_id,
        {{ affiliate_json_is_present('data', 'balance') }} as has_balance,
        {{ affiliate_json_is_present('data', 'last_update_time') }} as has_last_update_time,
        {{ affiliate_json_is_present('data', 'status') }} as has_status,
        {{ affiliate_json_text('data', 'asset_id') }} as data_asset_id,
        {{ affiliate_json_text('data', 'client_id') }} as client_id,
        {{ affiliate_json_text('data', 'balance') }} as balance_text,
        {{ affiliate_json_text('data', 'last_update_time') }} as last_update_time_text,
        upper({{ affiliate_json_text('data', 'symbol') }}) as symbol,
        lower({{ affiliate_json_text('data', 'status') }}) as status_text,
        {{ affiliate_json_text('data', 'remark') }} as remark
    from loads

),

parsed as (

    -- the window function keeps this step from being inlined into the later ones, so
    -- every value is parsed once per row (not once per use)
    select
        *,
        {{ affiliate_version_status('asset_id', 'load_at', 'is_loaded', ['load_affiliate_id']) }}
            as version_status,
        {{ affiliate_safe_timestamptz('last_update_time_text') }} as last_update_time,
        round({{ affiliate_safe_numeric('balance_text') }}, 8) as balance_value
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
            when not has_asset_id then 'missing asset_id'
            when data_asset_id is null then 'unparseable asset_id'
            when data_asset_id <> asset_id then 'asset_id does not match the record id'
        end as asset_id_reason,
        case
            when not has_client_id then 'missing client_id'
            when client_id is null then 'unparseable client_id'
        end as client_id_reason,
        case
            when not has_balance then 'missing balance'
            when balance_value is null or abs(balance_value) >= 1e10 then 'unparseable balance'
            when balance_value < 0 then 'negative balance'
        end as balance_reason,
        case
            when not has_last_update_time then 'missing last_update_time'
            when last_update_time is null then 'unparseable last_update_time'
        end as last_update_time_reason,
        case
            when not has_status then 'missing status'
            when coalesce(status_text not in ({{ affiliate_status_literals('assets') }}), true)
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
                'asset_id_reason',
                'client_id_reason',
                'balance_reason',
                'last_update_time_reason',
                'status_reason',
                'known_client_reason',
            ]) }}
        end as reasons
    from checked

),

final as (

    select
        asset_id,
        load_affiliate_id,
        load_at,
        is_loaded,
        version_status,
        data,
        client_id,
        affiliate_id,
        case when abs(balance_value) < 1e10 then balance_value end::numeric(18, 8) as balance,
        last_update_time,
        {{ local_date('last_update_time') }} as last_update_date,
        symbol,
        status_text as status,
        remark,
        {{ to_json_array('reasons') }} as reasons,
        {{ array_element('reasons', 1) }} as reason,
        coalesce({{ element_count('reasons') }} = 0, false) as is_valid,
        version_status = 'current' and coalesce({{ element_count('reasons') }} = 0, false) as is_silver,
        last_update_time as event_at,
        case
            when is_loaded
                then
                    is_json_object and has_asset_id and has_client_id and has_balance
                    and has_last_update_time and has_status
        end as is_complete,
        case when is_loaded and client_id is not null then is_known_client end as is_consistent,
        case when is_loaded then load_at <= last_update_time + interval '24 hours' end as is_timely,
        {{ build_started_at() }} as computed_at
    from listed

)

select * from final

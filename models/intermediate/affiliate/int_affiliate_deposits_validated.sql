{{
    config(
        materialized='incremental',
        meta={'written_rows': {'column': 'computed_at'}},
        unique_key='deposit_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        indexes=[{'columns': ['deposit_id']}, {'columns': ['client_id']}, {'columns': ['computed_at']}, {'columns': ['load_at']}, {'columns': ['deposit_date']}],
    )
}}

-- Every load of a deposit record, parsed, valued in USD and judged (see
-- int_affiliate_customers_validated for the version and reason columns). A deposit's
-- client must be a silver customer (the current valid version of a customer record);
-- the deposit takes that customer's affiliate. A coin missing from affiliate_coin_rates
-- is not a rule: its USD value is NULL.
with

{{ affiliate_loads_to_judge(ref('stg_affiliate__bronze_deposits'), 'deposit_id', depends_on_customers=true) }},

customers as (

    select
        client_id,
        affiliate_id
    from {{ ref('int_affiliate_customers_validated') }}
    where is_silver

),

coin_rates as (

    select
        coin,
        usd_rate
    from {{ ref('affiliate_coin_rates') }}

),

extracted as (

    select
        load_affiliate_id,
        deposit_id,
        data,
        load_at,
        is_loaded,
        {{ affiliate_json_is_object('data') }} as is_json_object,
        {{ affiliate_json_is_present('data', 'deposit_id') }} as has_deposit_id,
        {{ affiliate_json_is_present('data', 'client_id') }} as has_client_id,
        {{ affiliate_json_is_present('data', 'deposit_time') }} as has_deposit_time,
        {{ affiliate_json_is_present('data', 'deposit_amount') }} as has_deposit_amount,
        {{ affiliate_json_is_present('data', 'status') }} as has_status,
        {{ affiliate_json_text('data', 'deposit_id') }} as data_deposit_id,
        {{ affiliate_json_text('data', 'client_id') }} as client_id,
        {{ affiliate_json_text('data', 'deposit_time') }} as deposit_time_text,
        upper({{ affiliate_json_text('data', 'deposit_coin') }}) as deposit_coin,
        {{ affiliate_json_text('data', 'deposit_amount') }} as deposit_amount_text,
        lower({{ affiliate_json_text('data', 'status') }}) as status_text
    from loads

),

parsed as (

    -- the window function keeps this step from being inlined into the later ones, so
    -- every value is parsed once per row (not once per use)
    select
        *,
        {{ affiliate_version_status('deposit_id', 'load_at', 'is_loaded', ['load_affiliate_id']) }}
            as version_status,
        {{ affiliate_safe_timestamptz('deposit_time_text') }} as deposit_time,
        round({{ affiliate_safe_numeric('deposit_amount_text') }}, 8) as amount_value
    from extracted

),

joined as (

    select
        parsed.*,
        customers.affiliate_id,
        customers.client_id is not null as is_known_client,
        coin_rates.usd_rate
    from parsed
    left join customers
        on parsed.client_id = customers.client_id
    left join coin_rates
        on parsed.deposit_coin = coin_rates.coin

),

checked as (

    -- each rule's verdict on its own: a reason, or NULL when the rule holds
    select
        *,
        case
            when not has_deposit_id then 'missing deposit_id'
            when data_deposit_id is null then 'unparseable deposit_id'
            when data_deposit_id <> deposit_id then 'deposit_id does not match the record id'
        end as deposit_id_reason,
        case
            when not has_client_id then 'missing client_id'
            when client_id is null then 'unparseable client_id'
        end as client_id_reason,
        case
            when not has_deposit_time then 'missing deposit_time'
            when deposit_time is null then 'unparseable deposit_time'
        end as deposit_time_reason,
        case
            when not has_deposit_amount then 'missing deposit_amount'
            when amount_value is null or abs(amount_value) >= 1e10 then 'unparseable deposit_amount'
            when amount_value < 0 then 'negative deposit_amount'
        end as deposit_amount_reason,
        case
            when not has_status then 'missing status'
            when coalesce(status_text not in ({{ affiliate_status_literals('deposits') }}), true)
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
                'deposit_id_reason',
                'client_id_reason',
                'deposit_time_reason',
                'deposit_amount_reason',
                'status_reason',
                'known_client_reason',
            ]) }}
        end as reasons
    from checked

),

final as (

    select
        deposit_id,
        load_affiliate_id,
        load_at,
        is_loaded,
        version_status,
        data,
        client_id,
        affiliate_id,
        deposit_time,
        {{ local_date('deposit_time') }} as deposit_date,
        deposit_coin,
        case when abs(amount_value) < 1e10 then amount_value end::numeric(18, 8) as deposit_amount,
        -- numeric(18, 8) holds every amount under 1e10 exactly; times a numeric(19, 8) rate
        -- the product keeps all 16 decimals on every engine (Spark cuts the scale of a product
        -- wider than 38 digits; DuckDB overflows one of two 18-digit decimals)
        round(
            case when abs(amount_value) < 1e10 then amount_value end::numeric(18, 8) * usd_rate::numeric(19, 8), 8
        )::numeric(28, 8) as deposit_amount_usd,
        status_text as status,
        status_text in ('completed', 'success') as is_completed,
        {{ to_json_array('reasons') }} as reasons,
        {{ array_element('reasons', 1) }} as reason,
        coalesce({{ element_count('reasons') }} = 0, false) as is_valid,
        version_status = 'current' and coalesce({{ element_count('reasons') }} = 0, false) as is_silver,
        deposit_time as event_at,
        case
            when is_loaded
                then
                    is_json_object and has_deposit_id and has_client_id and has_deposit_time
                    and has_deposit_amount and has_status
        end as is_complete,
        case when is_loaded and client_id is not null then is_known_client end as is_consistent,
        case when is_loaded then load_at <= deposit_time + interval '24 hours' end as is_timely,
        {{ build_started_at() }} as computed_at
    from listed

)

select * from final

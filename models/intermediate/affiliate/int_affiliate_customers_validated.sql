{{
    config(
        materialized='incremental',
        meta={'written_rows': {'column': 'computed_at'}},
        unique_key='client_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        indexes=[{'columns': ['client_id']}, {'columns': ['computed_at']}, {'columns': ['load_at']}, {'columns': ['register_date']}, {'columns': ['is_consistent']}],
    )
}}

-- Every load of a customer record, parsed and judged. `version_status` says which load of
-- its record a row is (failed, superseded or current: the latest successful load wins);
-- `reasons` lists every rule a successful load breaks, in a fixed order (`reason` is the
-- first). Silver keeps the current valid rows, silver_rejected_records the current
-- invalid ones; data_quality_metrics judges every successful load.
with

{{ affiliate_loads_to_judge(ref('stg_affiliate__bronze_customers'), 'client_id', depends_on_affiliates=true) }},

affiliates as (

    select affiliate_id from {{ ref('stg_affiliate__affiliate_accounts') }}

),

extracted as (

    select
        load_affiliate_id,
        client_id,
        data,
        load_at,
        is_loaded,
        {{ affiliate_json_is_object('data') }} as is_json_object,
        {{ affiliate_json_is_present('data', 'client_id') }} as has_client_id,
        {{ affiliate_json_is_present('data', 'affiliate_id') }} as has_affiliate_id,
        {{ affiliate_json_is_present('data', 'register_time') }} as has_register_time,
        {{ affiliate_json_is_present('data', 'status') }} as has_status,
        {{ affiliate_json_text('data', 'client_id') }} as data_client_id,
        {{ affiliate_json_text('data', 'affiliate_id') }} as data_affiliate_id,
        {{ affiliate_json_text('data', 'register_time') }} as register_time_text,
        {{ affiliate_json_text('data', 'country') }} as country_text,
        lower({{ affiliate_json_text('data', 'status') }}) as status_text
    from loads

),

parsed as (

    -- the window function keeps this step from being inlined into the later ones, so
    -- every value is parsed once per row (not once per use)
    select
        extracted.*,
        {{ affiliate_version_status(
            'extracted.client_id', 'extracted.load_at', 'extracted.is_loaded', ['extracted.load_affiliate_id']
        ) }} as version_status,
        {{ affiliate_safe_timestamptz('extracted.register_time_text') }} as register_time,
        affiliates.affiliate_id is not null as is_known_affiliate
    from extracted
    left join affiliates
        on extracted.data_affiliate_id = affiliates.affiliate_id

),

checked as (

    -- each rule's verdict on its own: a reason, or NULL when the rule holds
    select
        *,
        case
            when not has_client_id then 'missing client_id'
            when data_client_id is null then 'unparseable client_id'
            when data_client_id <> client_id then 'client_id does not match the record id'
        end as client_id_reason,
        case
            when not has_affiliate_id then 'missing affiliate_id'
            when data_affiliate_id is null then 'unparseable affiliate_id'
            when not is_known_affiliate then 'unknown affiliate_id'
        end as affiliate_id_reason,
        case
            when not has_register_time then 'missing register_time'
            when register_time is null then 'unparseable register_time'
        end as register_time_reason,
        case
            when not has_status then 'missing status'
            when coalesce(status_text not in ({{ affiliate_status_literals('customers') }}), true)
                then 'unknown status'
        end as status_reason
    from parsed

),

listed as (

    -- every broken rule in the fixed order (NULL for a failed load: nothing to judge)
    select
        *,
        case
            when not is_loaded then null
            when not is_json_object then {{ text_array(["'data is not a json object'"]) }}
            else {{ non_null_array([
                'client_id_reason',
                'affiliate_id_reason',
                'register_time_reason',
                'status_reason',
            ]) }}
        end as reasons
    from checked

),

final as (

    select
        client_id,
        load_affiliate_id,
        load_at,
        is_loaded,
        version_status,
        data,
        data_affiliate_id as affiliate_id,
        register_time,
        {{ local_date('register_time') }} as register_date,
        upper(country_text) as country,
        status_text as status,
        {{ to_json_array('reasons') }} as reasons,
        {{ array_element('reasons', 1) }} as reason,
        coalesce({{ element_count('reasons') }} = 0, false) as is_valid,
        version_status = 'current' and coalesce({{ element_count('reasons') }} = 0, false) as is_silver,
        register_time as event_at,
        case
            when is_loaded
                then is_json_object and has_client_id and has_affiliate_id and has_register_time and has_status
        end as is_complete,
        case when is_loaded and data_affiliate_id is not null then is_known_affiliate end as is_consistent,
        case when is_loaded then load_at <= register_time + interval '24 hours' end as is_timely,
        {{ build_started_at() }} as computed_at
    from listed

)

select * from final

{#-
    The bronze loads an affiliate validation model judges in this build, as the CTEs
    `new_loads` and `loads` (load_affiliate_id, <record_id>, data, load_at, is_loaded).

    A full build judges every load. An incremental build reads only the bronze partitions
    loaded since the last build (the newest load already judged, read before the query
    runs so that it is a constant to the planner, less an overlap of
    `affiliate_load_overlap_hours`, 6 by default: a run that committed late is still seen),
    and judges again every load of each record that got a new one (its latest successful
    load may have changed) plus, with `depends_on_customers`, every load of the records
    whose client's customer record was judged again since this model last ran (a client
    may have become a silver customer, or changed affiliate) and, with `depends_on_affiliates`,
    of the records rejected for an affiliate whose account has arrived since. Loads already judged come back
    from the model's own table (the JSON is kept), so old partitions are never read; a re-read
    load replaces itself. The model is merged by record id (delete+insert).
-#}
{% macro affiliate_loads_to_judge(staging, record_id, depends_on_customers=false, depends_on_affiliates=false) -%}
new_loads as (

    select
        load_affiliate_id,
        {{ record_id }},
        data,
        load_at,
        is_loaded
    from {{ staging }}
    {%- if is_incremental() %}
    -- an empty table (the feed had not started at the last build) reads every partition;
    -- the bound is read before the query runs, a constant: the planner prunes the partitions
    -- and sizes the new loads right (a few index probes of the model, not a scan of it)
    where load_partition_key >= cast('{{ affiliate_load_watermark() }}' as timestamp)
    {%- endif %}

),
{%- if is_incremental() %}

records_to_judge as (

    select new_loads.{{ record_id }}
    from new_loads
    {%- if depends_on_customers %}
    union
    select judged.{{ record_id }}
    from {{ this }} as judged
    where judged.client_id in (
        select customers.client_id
        from {{ ref('int_affiliate_customers_validated') }} as customers
        -- a constant read before the query runs, as the partition bound
        where customers.computed_at > cast('{{ affiliate_judged_through() }}' as timestamptz)
    )
    {%- endif %}
    {%- if depends_on_affiliates %}
    union
    -- records rejected for an unknown affiliate whose account has arrived since
    select judged.{{ record_id }}
    from {{ this }} as judged
    where
        not judged.is_consistent
        and judged.affiliate_id in (select accounts.affiliate_id from {{ ref('stg_affiliate__affiliate_accounts') }} as accounts)
    {%- endif %}

),

loads as (

    select * from new_loads
    union all
    select
        judged.load_affiliate_id,
        judged.{{ record_id }},
        judged.data,
        judged.load_at,
        judged.is_loaded
    from {{ this }} as judged
    where
        judged.{{ record_id }} in (select records_to_judge.{{ record_id }} from records_to_judge)
        and not exists (
            select 1
            from new_loads
            where
                new_loads.{{ record_id }} = judged.{{ record_id }}
                and new_loads.load_affiliate_id = judged.load_affiliate_id
                and new_loads.load_at = judged.load_at
        )

)
{%- else %}

loads as (

    select * from new_loads

)
{%- endif %}
{%- endmacro %}


{#- The partition key an incremental affiliate validation build reads bronze from, as text:
    the newest load it already judged (UTC), less `affiliate_load_overlap_hours`. -#}
{% macro affiliate_load_watermark() -%}
    {%- set value = '-infinity' -%}
    {%- if execute -%}
        {%- set watermark_sql -%}
            select cast(
                coalesce(
                    {{ local_timestamp('max(load_at)', "'UTC'") }} - interval '{{ var("affiliate_load_overlap_hours", 6) }} hours',
                    cast('-infinity' as timestamp)
                ) as {{ dbt.type_string() }}
            )
            from {{ this }}
        {%- endset -%}
        {%- set value = run_query(watermark_sql).columns[0].values()[0] -%}
    {%- endif -%}
    {{ value }}
{%- endmacro %}


{#- The newest build stamp (computed_at) in an incremental affiliate validation model, as text. -#}
{% macro affiliate_judged_through() -%}
    {%- set value = '-infinity' -%}
    {%- if execute -%}
        {%- set judged_sql -%}
            select cast(coalesce(max(computed_at), cast('-infinity' as timestamptz)) as {{ dbt.type_string() }})
            from {{ this }}
        {%- endset -%}
        {%- set value = run_query(judged_sql).columns[0].values()[0] -%}
    {%- endif -%}
    {{ value }}
{%- endmacro %}

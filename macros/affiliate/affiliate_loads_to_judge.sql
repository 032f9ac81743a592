{#-
    The bronze loads an affiliate validation model judges in this build, as the CTEs
    `new_loads` and `loads` (load_affiliate_id, <record_id>, data, load_at, is_loaded).

    A full build judges every load. An incremental build reads only the bronze partitions
    loaded since the last build (the newest load already judged, less an overlap of
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
    -- an empty table (the feed had not started at the last build) reads every partition
    where load_partition_key >= (
        select coalesce(
            {{ local_timestamp('max(load_at)', "'UTC'") }} - interval '{{ var("affiliate_load_overlap_hours", 6) }} hours',
            cast('-infinity' as timestamp)
        )
        from {{ this }}
    )
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
        where customers.computed_at > (select coalesce(max(computed_at), cast('-infinity' as timestamptz)) from {{ this }})
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

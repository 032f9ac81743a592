{{ config(indexes=[{'columns': ['affiliate_id', 'source_table', 'reason']}]) }}

-- One row per bronze record whose latest successful load breaks a rule: the load that
-- decided, the first rule it breaks (`reason`) and all of them (`reasons`), and the raw
-- JSON. Superseded loads and failed loads are never here.
with

loads as (

    select * from {{ ref('int_affiliate_bronze_loads_unioned') }}

),

final as (

    select
        source_table,
        record_id,
        load_affiliate_id as affiliate_id,
        load_at as load_timestamp,
        reason,
        reasons,
        data
    from loads
    where version_status = 'current' and not is_valid

)

select * from final

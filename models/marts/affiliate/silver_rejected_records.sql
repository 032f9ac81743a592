{{
    config(
        indexes=[{'columns': ['affiliate_id', 'source_table', 'reason']}],
        incremental_strategy='affiliate_replace_keys',
        unique_key=['source_table', 'record_id'],
        replace_keys={'present': 'load_timestamp'},
    )
}}

-- One row per bronze record whose latest successful load breaks a rule: the load that
-- decided, the first rule it breaks (`reason`) and all of them (`reasons`), and the raw
-- JSON. Superseded loads and failed loads are never here.
-- Incremental: a build writes again only the records judged since the last one (their
-- rejected load, or a tombstone that deletes a record no longer rejected).
with

loads as (

    select * from {{ ref('int_affiliate_bronze_loads_unioned') }}
    {%- if is_incremental() %}
    where computed_at > {{ affiliate_mart_built_at() }}
    {%- endif %}

),

flagged as (

    select
        *,
        version_status = 'current' and not is_valid as is_rejected
    from loads

),

records as (

    {%- if is_incremental() %}
    -- one row per record judged again: its rejected load, else any other (a tombstone)
    select *
    from (
        select
            *,
            row_number() over (
                partition by source_table, record_id
                order by case when is_rejected then 0 else 1 end
            ) as record_row
        from flagged
    ) as rejudged
    where record_row = 1
    {%- else %}
    select * from flagged
    where is_rejected
    {%- endif %}

),

final as (

    select
        source_table,
        record_id,
        load_affiliate_id as affiliate_id,
        -- NULL only in an incremental build's tombstone of a record no longer rejected
        case when is_rejected then load_at end as load_timestamp,
        reason,
        reasons,
        data
    from records

)

select * from final

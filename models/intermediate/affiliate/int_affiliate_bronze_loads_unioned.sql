-- Every bronze load of the four landing tables in one shape: what the rejected-records,
-- data quality and ETL marts need (the version, the verdict, the quality flags, when it
-- was judged).
-- inlined into its readers: a step of their query, not a table of its own
{{ config(materialized='ephemeral') }}

{%- set entities = [
    ('customers', 'client_id'),
    ('deposits', 'deposit_id'),
    ('trades', 'trade_activity_id'),
    ('assets', 'asset_id'),
] %}

with

{% for entity, record_id in entities %}
{{ entity }} as (

    select * from {{ ref('int_affiliate_%s_validated' | format(entity)) }}

),

{% endfor -%}
unioned as (
    {% for entity, record_id in entities %}
    select
        'bronze_{{ entity }}' as source_table,
        '{{ entity }}' as data_source,
        {{ record_id }} as record_id,
        load_affiliate_id,
        load_at,
        is_loaded,
        version_status,
        data,
        affiliate_id,
        event_at,
        reason,
        reasons,
        is_valid,
        is_silver,
        is_complete,
        is_consistent,
        is_timely,
        computed_at
    from {{ entity }}
    {% if not loop.last %}
    union all
    {% endif %}
    {%- endfor %}

)

select * from unioned

-- Every daily org mart holds one row per date from the org's first date in it to its last,
-- with no gap (zero-filled). Returns each (mart, org) whose row count differs from its span.
{%- set daily_marts = [
    ('mart_crm_contacts', 'snapshot_date'),
    ('mart_crm_deals', 'snapshot_date'),
    ('mart_zoom_metrics', 'metric_date'),
    ('mart_case_metrics', 'snapshot_date'),
    ('mart_app_analytics', 'metric_date'),
    ('mart_sales_daily', 'sales_date'),
    ('mart_rental_fleet', 'snapshot_date'),
] %}

with

spans as (
    {% for mart, date_column in daily_marts %}
    select
        '{{ mart }}' as mart_name,
        org_id,
        min({{ date_column }}) as first_date,
        max({{ date_column }}) as last_date,
        count(*) as day_rows
    from {{ ref(mart) }}
    group by org_id
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from spans
where day_rows <> {{ dbt.datediff('first_date', 'last_date', 'day') }} + 1

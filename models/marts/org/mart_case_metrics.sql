-- Cases of the case system (Case_Data_Summary_NOPHI) per organization and local date (the
-- seed's mart_case_metrics). id (org_row_id) = org_id * 100000 + days since 1970-01-01.
with

cases_daily as (

    select * from {{ ref('int_case_daily_summarized') }}

),

typed as (

    select
        {{ org_row_id(date='snapshot_date') }} as id,
        org_id::integer as org_id,
        snapshot_date,
        total_cases::integer as total_cases,
        new_cases_30d::integer as new_cases_30d,
        closed_cases_30d::integer as closed_cases_30d,
        {{ to_json_value('cases_by_type') }} as cases_by_type,
        {{ to_json_value('cases_by_status') }} as cases_by_status,
        {{ to_json_value('cases_by_category') }} as cases_by_category,
        'azure_sql'::varchar(50) as source_system,
        'Case_Data_Summary_NOPHI'::varchar(100) as source_table
    from cases_daily

),

final as (

    {{ org_build_times('typed') }}

)

select * from final

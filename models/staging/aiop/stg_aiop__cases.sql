-- The case system's Case_Data_Summary_NOPHI (no PHI by construction); labels trimmed,
-- blank labels as NULL.
with

source as (

    select
        org_id,
        case_id,
        case_type,
        case_category,
        case_status,
        opened_at,
        closed_at,
        _loaded_at
    from {{ source('aiop', 'case_data_summary_nophi') }}

),

renamed as (

    select
        org_id,
        case_id,
        nullif(trim(case_type), '') as case_type,
        nullif(trim(case_category), '') as case_category,
        nullif(trim(case_status), '') as case_status,
        opened_at,
        closed_at,
        _loaded_at
    from source

)

select * from renamed

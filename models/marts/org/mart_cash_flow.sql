-- Monthly cash flow from the Softbase GL per organization (the seed's mart_cash_flow).
-- id (org_row_id) = org_id * 100000 + year * 12 + month: the same (org, month) keeps the same id.
with

cash_flow as (

    select * from {{ ref('int_cash_flow_periods_summarized') }}

),

typed as (

    select
        {{ org_row_id(year='year', month='month') }} as id,
        org_id::integer as org_id,
        year::integer as year,
        month::integer as month,
        period_end,
        cash_balance::numeric(18, 2) as cash_balance,
        cash_change_mtd::numeric(18, 2) as cash_change_mtd,
        operating_cash_flow::numeric(18, 2) as operating_cash_flow,
        ar_change::numeric(18, 2) as ar_change,
        inventory_change::numeric(18, 2) as inventory_change,
        ap_change::numeric(18, 2) as ap_change,
        investing_cash_flow::numeric(18, 2) as investing_cash_flow,
        financing_cash_flow::numeric(18, 2) as financing_cash_flow,
        health_status::varchar(20) as health_status,
        {{ to_json_value('non_operating_breakdown') }} as non_operating_breakdown,
        'softbase_gl'::varchar(50) as source_system
    from cash_flow

),

final as (

    {{ org_build_times('typed') }}

)

select * from final

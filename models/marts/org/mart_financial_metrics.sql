-- Monthly QuickBooks financials per organization (the seed's mart_financial_metrics).
-- id (org_row_id) = org_id * 100000 + year * 12 + month: the same (org, month) keeps the same id.
with

periods as (

    select * from {{ ref('int_financial_periods_summarized') }}

),

typed as (

    select
        {{ org_row_id(year='year', month='month') }} as id,
        org_id::integer as org_id,
        year::integer as year,
        month::integer as month,
        month_start as period_start,
        period_end,
        total_revenue::numeric(18, 2) as total_revenue,
        total_expenses::numeric(18, 2) as total_expenses,
        net_income::numeric(18, 2) as net_income,
        gross_profit::numeric(18, 2) as gross_profit,
        gross_margin_pct::numeric(5, 2) as gross_margin_pct,
        income_revenue::numeric(18, 2) as income_revenue,
        total_assets::numeric(18, 2) as total_assets,
        total_liabilities::numeric(18, 2) as total_liabilities,
        total_equity::numeric(18, 2) as total_equity,
        cash_balance::numeric(18, 2) as cash_balance,
        accounts_receivable::numeric(18, 2) as accounts_receivable,
        accounts_payable::numeric(18, 2) as accounts_payable,
        operating_cash_flow::numeric(18, 2) as operating_cash_flow,
        'quickbooks'::varchar(50) as source_system
    from periods

),

final as (

    {{ org_build_times('typed') }}

)

select * from final

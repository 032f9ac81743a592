-- The QuickBooks income statement of each month and the balance sheet at its end, per
-- organization (accrual basis; voided lines never reach here). Signs: revenue and
-- liabilities/equity are credit balances (credit - debit), expenses and assets debit
-- balances (debit - credit). Equity includes every month's net income to date, so assets
-- = liabilities + equity to the cent whenever the ledger balances. The month of as_of_date
-- holds the lines dated up to as_of_date only.
with

months as (

    select
        org_id,
        month_start,
        period_end,
        as_of_date
    from {{ ref('int_org_months_spined') }}
    where source_system = 'quickbooks'

),

journal_lines as (

    select
        org_id,
        txn_date,
        account_type,
        account_class,
        net_debit
    from {{ ref('int_qb_journal_lines_classified') }}

),

-- one row per org, day and account type first: months then join a few thousand rows
lines_daily as (

    select
        org_id,
        txn_date,
        account_type,
        account_class,
        sum(net_debit) as net_debit
    from journal_lines
    group by org_id, txn_date, account_type, account_class

),

monthly_activity as (

    select
        months.org_id,
        months.month_start,
        coalesce(sum(-lines_daily.net_debit) filter (where lines_daily.account_type = 'Income'), 0)
            as income_revenue,
        coalesce(sum(-lines_daily.net_debit) filter (where lines_daily.account_type = 'Other Income'), 0)
            as other_income_revenue,
        coalesce(sum(lines_daily.net_debit) filter (where lines_daily.account_type = 'Cost of Goods Sold'), 0)
            as cost_of_goods_sold,
        coalesce(sum(lines_daily.net_debit) filter (where lines_daily.account_class = 'expense'), 0)
            as total_expenses,
        coalesce(sum(lines_daily.net_debit) filter (where lines_daily.account_class = 'asset'), 0)
            as asset_change,
        coalesce(sum(-lines_daily.net_debit) filter (where lines_daily.account_class = 'liability'), 0)
            as liability_change,
        coalesce(sum(-lines_daily.net_debit) filter (where lines_daily.account_class = 'equity'), 0)
            as equity_account_change,
        coalesce(sum(lines_daily.net_debit) filter (where lines_daily.account_type = 'Bank'), 0)
            as cash_change,
        coalesce(sum(lines_daily.net_debit) filter (where lines_daily.account_type = 'Accounts Receivable'), 0)
            as receivable_change,
        coalesce(sum(-lines_daily.net_debit) filter (where lines_daily.account_type = 'Accounts Payable'), 0)
            as payable_change
    from months
    left join lines_daily
        on months.org_id = lines_daily.org_id
        and months.month_start = {{ month_start('lines_daily.txn_date') }}
        and months.as_of_date >= lines_daily.txn_date
    group by
        months.org_id,
        months.month_start

),

income_statement as (

    select
        *,
        income_revenue + other_income_revenue as total_revenue,
        income_revenue + other_income_revenue - total_expenses as net_income,
        income_revenue - cost_of_goods_sold as gross_profit
    from monthly_activity

),

balance_sheet as (

    select
        org_id,
        month_start,
        total_revenue,
        total_expenses,
        net_income,
        gross_profit,
        income_revenue,
        receivable_change,
        payable_change,
        sum(asset_change) over org_to_date as total_assets,
        sum(liability_change) over org_to_date as total_liabilities,
        sum(equity_account_change + net_income) over org_to_date as total_equity,
        sum(cash_change) over org_to_date as cash_balance,
        sum(receivable_change) over org_to_date as accounts_receivable,
        sum(payable_change) over org_to_date as accounts_payable
    from income_statement
    window org_to_date as (partition by org_id order by month_start rows unbounded preceding)

),

final as (

    select
        org_id,
        month_start,
        extract(year from month_start)::int as year,
        extract(month from month_start)::int as month,
        (month_start + interval '1 month' - interval '1 day')::date as period_end,
        total_revenue,
        total_expenses,
        net_income,
        gross_profit,
        income_revenue,
        -- a percentage of Income revenue; NULL without Income, or beyond numeric(5,2)
        case
            when abs({{ divide_round('100 * gross_profit', 'income_revenue', 2) }}) < 1000
                then {{ divide_round('100 * gross_profit', 'income_revenue', 2) }}
        end as gross_margin_pct,
        total_assets,
        total_liabilities,
        total_equity,
        cash_balance,
        accounts_receivable,
        accounts_payable,
        net_income - receivable_change + payable_change as operating_cash_flow
    from balance_sheet

)

select * from final

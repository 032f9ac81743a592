-- The Softbase GL's cash flow per organization and calendar month, from the org's first GL
-- month to the month of its as_of_date (entries dated after as_of_date never count). Amounts
-- are signed as cash sees them: cash, receivable and inventory changes are debit - credit,
-- payable, revenue, expense, investing and financing effects are credit - debit. An entry on
-- an account the chart does not have counts nowhere (a warn-level test reports it).
--
-- health_status, in this order:
--   unknown   the month has no GL entry;
--   critical  cash_balance < 0, or cash_balance < 3 x the average monthly operating outflow
--             of the three months ending with this one (outflow = -operating_cash_flow when
--             negative, else 0);
--   warning   operating_cash_flow < 0;
--   healthy   otherwise.
with

months as (

    select
        org_id,
        month_start,
        period_end,
        as_of_date
    from {{ ref('int_org_months_spined') }}
    where source_system = 'softbase_gl'

),

accounts as (

    select
        org_id,
        account_no,
        account_name,
        category
    from {{ ref('stg_aiop__sb_gl_accounts') }}

),

-- the incremental daily aggregate of the GL, one row per org, day and account: months
-- then join a few thousand rows
entries_daily as (

    select
        entries_daily.org_id,
        entries_daily.posting_date,
        accounts.account_name,
        accounts.category,
        entries_daily.gl_entries,
        entries_daily.net_debit
    from {{ ref('int_sb_gl_entries_daily_aggregated') }} as entries_daily
    inner join accounts
        on entries_daily.org_id = accounts.org_id
        and entries_daily.account_no = accounts.account_no
    where entries_daily.posting_date is not null

),

month_entries as (

    select
        months.org_id,
        months.month_start,
        entries_daily.account_name,
        entries_daily.category,
        entries_daily.gl_entries,
        entries_daily.net_debit
    from months
    inner join entries_daily
        on months.org_id = entries_daily.org_id
        and months.month_start = {{ month_start('entries_daily.posting_date') }}
        and months.as_of_date >= entries_daily.posting_date

),

monthly_activity as (

    select
        org_id,
        month_start,
        sum(gl_entries) as gl_entries,
        coalesce(sum(net_debit) filter (where category = 'cash'), 0) as cash_change_mtd,
        coalesce(sum(net_debit) filter (where category = 'receivable'), 0) as ar_change,
        coalesce(sum(net_debit) filter (where category = 'inventory'), 0) as inventory_change,
        coalesce(sum(-net_debit) filter (where category = 'payable'), 0) as ap_change,
        coalesce(sum(-net_debit) filter (where category in ('revenue', 'expense')), 0) as net_income,
        coalesce(sum(-net_debit) filter (where category = 'investing'), 0) as investing_cash_flow,
        coalesce(sum(-net_debit) filter (where category = 'financing'), 0) as financing_cash_flow
    from month_entries
    group by org_id, month_start

),

non_operating_accounts as (

    select
        org_id,
        month_start,
        account_name,
        sum(-net_debit) as cash_effect
    from month_entries
    where category in ('investing', 'financing')
    group by org_id, month_start, account_name
    having sum(-net_debit) <> 0

),

non_operating_breakdown as (

    select
        org_id,
        month_start,
        {{ json_object_agg('account_name', 'cash_effect') }} as non_operating_breakdown
    from non_operating_accounts
    group by org_id, month_start

),

monthly as (

    select
        months.org_id,
        months.month_start,
        months.period_end,
        coalesce(monthly_activity.gl_entries, 0) as gl_entries,
        coalesce(monthly_activity.cash_change_mtd, 0) as cash_change_mtd,
        coalesce(monthly_activity.ar_change, 0) as ar_change,
        coalesce(monthly_activity.inventory_change, 0) as inventory_change,
        coalesce(monthly_activity.ap_change, 0) as ap_change,
        coalesce(monthly_activity.investing_cash_flow, 0) as investing_cash_flow,
        coalesce(monthly_activity.financing_cash_flow, 0) as financing_cash_flow,
        coalesce(monthly_activity.net_income, 0)
        - coalesce(monthly_activity.ar_change, 0)
        - coalesce(monthly_activity.inventory_change, 0)
        + coalesce(monthly_activity.ap_change, 0) as operating_cash_flow,
        coalesce(non_operating_breakdown.non_operating_breakdown, {{ json_literal('{}') }}) as non_operating_breakdown
    from months
    left join monthly_activity
        on months.org_id = monthly_activity.org_id
        and months.month_start = monthly_activity.month_start
    left join non_operating_breakdown
        on months.org_id = non_operating_breakdown.org_id
        and months.month_start = non_operating_breakdown.month_start

),

with_balances as (

    select
        *,
        sum(cash_change_mtd) over (
            partition by org_id order by month_start rows unbounded preceding
        ) as cash_balance,
        sum(greatest(-operating_cash_flow, 0)) over last_3_months as operating_outflow_3m,
        count(*) over last_3_months as months_in_window
    from monthly
    window last_3_months as (partition by org_id order by month_start rows between 2 preceding and current row)

),

final as (

    select
        org_id,
        month_start,
        extract(year from month_start)::int as year,
        extract(month from month_start)::int as month,
        period_end,
        cash_balance,
        cash_change_mtd,
        operating_cash_flow,
        ar_change,
        inventory_change,
        ap_change,
        investing_cash_flow,
        financing_cash_flow,
        case
            when gl_entries = 0 then 'unknown'
            -- cash_balance < 3 x (outflow_3m / months): multiplied out, so exact
            when cash_balance < 0 or cash_balance * months_in_window < 3 * operating_outflow_3m then 'critical'
            when operating_cash_flow < 0 then 'warning'
            else 'healthy'
        end as health_status,
        non_operating_breakdown
    from with_balances

)

select * from final

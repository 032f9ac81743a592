-- mart_cash_flow: the month-end cash_balance equals the running sum of cash_change_mtd of
-- the org's months to date (to the cent). Returns the months where it does not.
with

cash_flow as (

    select
        org_id,
        year,
        month,
        cash_balance,
        cash_change_mtd
    from {{ ref('mart_cash_flow') }}

),

running as (

    select
        org_id,
        year,
        month,
        cash_balance,
        sum(cash_change_mtd) over (
            partition by org_id order by year, month rows unbounded preceding
        ) as running_cash_change
    from cash_flow

)

select * from running
where cash_balance <> running_cash_change

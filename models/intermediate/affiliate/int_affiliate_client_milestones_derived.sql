-- One row per silver customer with the firsts the funnel and the period marts count:
-- the first completed deposit at or after registration (the FTD: status completed or
-- success) and the first completed trade at or after registration. Deposits and trades
-- timed before registration stay in silver but are never a first. Ties on time go to the
-- lower id, so the choice is deterministic.
with

customers as (

    select
        client_id,
        affiliate_id,
        register_time,
        register_date
    from {{ ref('int_affiliate_customers_validated') }}
    where is_silver

),

completed_deposits as (

    select
        client_id,
        deposit_id,
        deposit_time,
        deposit_amount_usd
    from {{ ref('int_affiliate_deposits_validated') }}
    where is_silver and is_completed

),

completed_trades as (

    select
        client_id,
        trade_activity_id,
        trade_time
    from {{ ref('int_affiliate_trades_validated') }}
    where is_silver and is_completed

),

deposits_after_registration as (

    select
        customers.client_id,
        completed_deposits.deposit_id,
        completed_deposits.deposit_time,
        row_number() over (
            partition by customers.client_id
            order by completed_deposits.deposit_time asc, completed_deposits.deposit_id asc
        ) as deposit_rank
    from customers
    inner join completed_deposits
        on customers.client_id = completed_deposits.client_id
        and customers.register_time <= completed_deposits.deposit_time

),

first_deposits as (

    select
        client_id,
        deposit_id as ftd_deposit_id,
        deposit_time as ftd_time
    from deposits_after_registration
    where deposit_rank = 1

),

first_trades as (

    select
        customers.client_id,
        min(completed_trades.trade_time) as first_trade_time
    from customers
    inner join completed_trades
        on customers.client_id = completed_trades.client_id
        and customers.register_time <= completed_trades.trade_time
    group by customers.client_id

),

final as (

    select
        customers.client_id,
        customers.affiliate_id,
        customers.register_time,
        customers.register_date,
        first_deposits.ftd_deposit_id,
        first_deposits.ftd_time,
        {{ local_date('first_deposits.ftd_time') }} as ftd_date,
        first_trades.first_trade_time
    from customers
    left join first_deposits
        on customers.client_id = first_deposits.client_id
    left join first_trades
        on customers.client_id = first_trades.client_id

)

select * from final

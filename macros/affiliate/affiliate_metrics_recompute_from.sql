{#-
    The first period_start that an incremental build of int_affiliate_period_metrics_aggregated
    recomputes, as a SQL date expression (a scalar subquery). Every day, week and month
    starting on or after it is recomputed from silver; every earlier period is kept.

    The window starts at the earliest of:
      - the date of every load (any version) of a customer, deposit or trade record judged
        since this model last ran (`computed_at` newer than its own): a re-judged record's
        old and new dates are both among them, and so is a late record however old;
      - the last day already built (it may have been incomplete) and as_of_date less
        `affiliate_metrics_lookback_days` (3 by default) days, for late data outside silver;
      - the join date of an affiliate that joined before its first built day (or is new),
        the first built day of an affiliate whose first day is no longer its start (no
        activity on it, and a later join date), and of an affiliate no longer in the accounts;
    then moved back to the start of its week and month, so every recomputed period is whole.
-#}
{% macro affiliate_metrics_recompute_from() -%}
    {%- set lookback = var("affiliate_metrics_lookback_days", 3) | int -%}
    {%- set customers = ref('int_affiliate_customers_validated') -%}
    {%- set deposits = ref('int_affiliate_deposits_validated') -%}
    {%- set trades = ref('int_affiliate_trades_validated') -%}
    {%- set accounts = ref('stg_affiliate__affiliate_accounts') -%}
(
    with

    built_at as (

        -- an empty table (nothing built yet) has judged nothing: every record is new to it
        select coalesce(max(built.computed_at), cast('-infinity' as timestamptz)) as computed_at
        from {{ this }} as built

    ),

    built_first_days as (

        select
            built.affiliate_id,
            min(built.period_start) as first_day
        from {{ this }} as built
        where built.period_type = 'day'
        group by built.affiliate_id

    ),

    affiliate_starts as (

        -- per affiliate: its join date if it moves the first built day earlier (or the
        -- affiliate is new), its first built day if that day no longer starts it (the
        -- affiliate left the accounts, or joined later and the day has no activity)
        select
            case
                when accounts.affiliate_id is null then built_first_days.first_day
                when accounts.join_date < coalesce(built_first_days.first_day, date 'infinity')
                    then accounts.join_date
                when
                    accounts.join_date > built_first_days.first_day
                    and first_day_row.signups + first_day_row.ftd_clients + first_day_row.deposit_count
                    + first_day_row.trade_count = 0
                    then built_first_days.first_day
            end as start_date
        from built_first_days
        full outer join (
            select
                affiliate_id,
                {{ local_date('joined_at') }} as join_date
            from {{ accounts }}
        ) as accounts
            on built_first_days.affiliate_id = accounts.affiliate_id
        left join {{ this }} as first_day_row
            on built_first_days.affiliate_id = first_day_row.affiliate_id
            and first_day_row.period_type = 'day'
            and built_first_days.first_day = first_day_row.period_start

    ),

    window_bounds as (

        select least(
            (
                select min(judged.judged_date)
                from (
                    select customers.register_date as judged_date
                    from {{ customers }} as customers
                    where customers.computed_at > (select built_at.computed_at from built_at)
                    union all
                    select deposits.deposit_date
                    from {{ deposits }} as deposits
                    where deposits.computed_at > (select built_at.computed_at from built_at)
                    union all
                    select trades.trade_date
                    from {{ trades }} as trades
                    where trades.computed_at > (select built_at.computed_at from built_at)
                ) as judged
            ),
            (select max(built.period_start) from {{ this }} as built where built.period_type = 'day'),
            {{ as_of_date() }} - {{ lookback }},
            (select min(affiliate_starts.start_date) from affiliate_starts)
        ) as window_start

    )

    select least({{ week_start('window_bounds.window_start') }}, {{ month_start('window_bounds.window_start') }})
    from window_bounds
)
{%- endmacro %}

{#- Stops an incremental build of the period metrics on a table built before they were incremental. -#}
{% macro affiliate_metrics_require_computed_at() -%}
    {%- if execute and is_incremental() -%}
        {%- set built_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
        {%- if 'computed_at' not in built_columns -%}
            {{ exceptions.raise_compiler_error(
                this ~ " was built before it became incremental: run"
                ~ " `runner build --full-refresh --select int_affiliate_period_metrics_aggregated+` once") }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

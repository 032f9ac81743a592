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
    select least({{ week_start('window_start') }}, {{ month_start('window_start') }})
    from (
        select least(
            (
                select min(judged_date)
                from (
                    select min(register_date) as judged_date
                    from {{ customers }}
                    where computed_at > (select max(built.computed_at) from {{ this }} as built)
                    union all
                    select min(deposit_date)
                    from {{ deposits }}
                    where computed_at > (select max(built.computed_at) from {{ this }} as built)
                    union all
                    select min(trade_date)
                    from {{ trades }}
                    where computed_at > (select max(built.computed_at) from {{ this }} as built)
                ) as judged
            ),
            (select max(period_start) from {{ this }} where period_type = 'day'),
            {{ as_of_date() }} - {{ lookback }},
            (
                select min(built.first_day)
                from (
                    select
                        affiliate_id,
                        min(period_start) as first_day
                    from {{ this }}
                    where period_type = 'day'
                    group by affiliate_id
                ) as built
                left join (
                    select
                        affiliate_id,
                        {{ local_date('joined_at') }} as join_date
                    from {{ accounts }}
                ) as accounts
                    on built.affiliate_id = accounts.affiliate_id
                left join {{ this }} as first_day_row
                    on built.affiliate_id = first_day_row.affiliate_id
                    and first_day_row.period_type = 'day'
                    and built.first_day = first_day_row.period_start
                where
                    accounts.affiliate_id is null
                    or (
                        accounts.join_date > built.first_day
                        and first_day_row.signups + first_day_row.ftd_clients + first_day_row.deposit_count
                        + first_day_row.trade_count = 0
                    )
            ),
            (
                select min({{ local_date('accounts.joined_at') }})
                from {{ accounts }} as accounts
                where {{ local_date('accounts.joined_at') }} < coalesce(
                    (
                        select min(built.period_start)
                        from {{ this }} as built
                        where built.affiliate_id = accounts.affiliate_id and built.period_type = 'day'
                    ),
                    date 'infinity'
                )
            )
        ) as window_start
    ) as window_bounds
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

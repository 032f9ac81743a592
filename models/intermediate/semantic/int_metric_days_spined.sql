-- The MetricFlow time spine: one row per calendar day from 2000-01-01 to 2039-12-31, a fixed
-- range that covers every source's history and needs no as_of_date (so it builds once and is
-- skipped after). MetricFlow reads it for cumulative metrics (WAU, 28-day MAU), for time
-- offsets and for periods coarser than a day (week, month, quarter, year).
with

days as (

    select spine.date_day
    from ({{ date_spine("date '2000-01-01'", "date '2039-12-31'", "day") }}) as spine

),

final as (

    select date_day from days

)

select * from final

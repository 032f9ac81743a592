-- One row per local date and recommendation type, from the date of the first
-- recommendation to as_of_date, zero-filled. pending_backlog is the number created by the
-- end of the day minus the number decided by then (recommendations still pending at the
-- day's end); medians and approval rates are over the decisions made that day.
with

recommendations as (

    select
        recommendation_type,
        status,
        created_date,
        decided_date,
        review_hours
    from {{ ref('int_recommendations_reviewed') }}

),

types as (

    select recommendation_type
    from (values ('education'), ('partner_offer')) as known (recommendation_type)
    union
    select distinct recommendation_type from recommendations

),

days as (

    select date_day as review_date
    from (
        {{ date_spine("(select min(created_date) from recommendations)", as_of_date(), "day") }}
    ) as spine

),

created_per_day as (

    select
        created_date as review_date,
        recommendation_type,
        count(*) as created
    from recommendations
    group by 1, 2

),

decided_per_day as (

    select
        decided_date as review_date,
        recommendation_type,
        count(*) filter (where status = 'approved') as approved,
        count(*) filter (where status = 'rejected') as rejected,
        -- on doubles, as PostgreSQL's percentile_cont always is (DuckDB's on decimals would
        -- truncate the midpoint to the inputs' scale)
        percentile_cont(0.5) within group (order by cast(review_hours as double precision)) as median_review_hours
    from recommendations
    where decided_date is not null
    group by 1, 2

),

daily as (

    select
        days.review_date,
        types.recommendation_type,
        coalesce(created_per_day.created, 0) as created,
        coalesce(decided_per_day.approved, 0) as approved,
        coalesce(decided_per_day.rejected, 0) as rejected,
        decided_per_day.median_review_hours
    from days
    cross join types
    left join created_per_day
        on days.review_date = created_per_day.review_date
        and types.recommendation_type = created_per_day.recommendation_type
    left join decided_per_day
        on days.review_date = decided_per_day.review_date
        and types.recommendation_type = decided_per_day.recommendation_type

),

final as (

    select
        review_date,
        recommendation_type as type,
        created,
        approved,
        rejected,
        cast(
            sum(created) over type_timeline
            - sum(approved + rejected) over type_timeline
            as bigint
        ) as pending_backlog,
        -- the median of 4-decimal hours has at most 5 decimals: read back exactly from the
        -- double percentile_cont returns, then rounded half away from zero
        cast(round(cast(median_review_hours as numeric(18, 5)), 4) as numeric(18, 4)) as median_review_hours,
        cast({{ divide_round('approved', 'approved + rejected', 4) }} as numeric(18, 4)) as approval_rate,
        review_date < {{ as_of_date() }} as is_complete_period
    from daily
    window type_timeline as (
        partition by recommendation_type order by review_date asc rows between unbounded preceding and current row
    )

)

select * from final

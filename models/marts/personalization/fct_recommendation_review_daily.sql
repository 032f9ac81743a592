-- One row per local date and recommendation type, from the date of the first
-- recommendation to as_of_date, zero-filled. pending_backlog is the number created by the
-- end of the day minus the number decided by then (recommendations still pending at the
-- day's end); medians and approval rates are over the decisions made that day.
--
-- Incremental (replace_from): a build deletes and rebuilds every date from
-- personalization_review_recompute_from() on (the last date built, or as_of_date less var
-- personalization_lookback_days, 7 by default, if earlier); the backlog carries on from the
-- built row of the day before.
{{
    config(
        incremental_strategy='replace_from',
        replace_from={'column': 'review_date', 'start': 'personalization_review_recompute_from'},
        meta={'written_rows': {'column': 'review_date', 'from': 'personalization_review_recompute_from'}}
    )
}}

with

recommendations as {{ not_materialized() }} (

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
        {% if is_incremental() -%}
        {{ date_spine(
            "(select greatest(min(created_date), " ~ personalization_review_recompute_from() ~ ") from recommendations)",
            as_of_date(),
            "day",
        ) }}
        {%- else -%}
        {{ date_spine("(select min(created_date) from recommendations)", as_of_date(), "day") }}
        {%- endif %}
    ) as spine

),

created_per_day as (

    select
        created_date as review_date,
        recommendation_type,
        count(*) as created
    from recommendations
    {% if is_incremental() %}
    where created_date >= {{ personalization_review_recompute_from() }}
    {% endif %}
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
        percentile_cont(0.5) within group (order by cast(review_hours as {{ type_double() }})) as median_review_hours
    from (
        select * from recommendations
        where decided_date is not null
    ) as decisions
    {% if is_incremental() %}
    where decided_date >= {{ personalization_review_recompute_from() }}
    {% endif %}
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

backlog_before as (

    -- the backlog at the end of the day before the first date built here, per type
    {% if is_incremental() %}
    select
        day_before.type as recommendation_type,
        day_before.pending_backlog
    from {{ this }} as day_before
    where day_before.review_date = cast({{ dbt.dateadd('day', -1, personalization_review_recompute_from()) }} as date)
    {% else %}
    select
        cast(null as {{ dbt.type_string() }}) as recommendation_type,
        cast(0 as bigint) as pending_backlog
    where 1 = 0
    {% endif %}

),

final as (

    select
        daily.review_date,
        daily.recommendation_type as type,
        daily.created,
        daily.approved,
        daily.rejected,
        cast(
            coalesce(backlog_before.pending_backlog, 0)
            + sum(daily.created) over type_timeline
            - sum(daily.approved + daily.rejected) over type_timeline
            as bigint
        ) as pending_backlog,
        -- the median of 6-decimal hours has at most 7 decimals: read back exactly from the
        -- double percentile_cont returns, then rounded half away from zero
        cast(round(cast(daily.median_review_hours as numeric(18, 7)), 6) as numeric(18, 6)) as median_review_hours,
        cast({{ divide_round('daily.approved', 'daily.approved + daily.rejected', 6) }} as numeric(18, 6))
            as approval_rate,
        daily.review_date < {{ as_of_date() }} as is_complete_period
    from daily
    left join backlog_before on daily.recommendation_type = backlog_before.recommendation_type
    window type_timeline as (
        partition by daily.recommendation_type order by daily.review_date asc
        rows between unbounded preceding and current row
    )

)

select * from final

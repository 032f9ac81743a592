-- One row per local upload date and file type, from the date of the first upload to
-- as_of_date, zero-filled. Status columns count the uploads created that day by their
-- current status; processing time is for completed uploads only.
--
-- Incremental (replace_from): a build deletes and rebuilds every date from
-- personalization_uploads_recompute_from() on (the last date built, or as_of_date less
-- var personalization_lookback_days, 7 by default, if earlier); earlier dates are kept.
{{
    config(
        incremental_strategy='replace_from',
        replace_from={'column': 'upload_date', 'start': 'personalization_uploads_recompute_from'},
        meta={'written_rows': {'column': 'upload_date', 'from': 'personalization_uploads_recompute_from'}}
    )
}}

with

uploads as {{ not_materialized() }} (

    select
        file_type,
        status,
        file_size_bytes,
        validation_error_count,
        created_at,
        processed_at,
        {{ local_date('created_at') }} as upload_date
    from {{ ref('stg_spendsense__data_uploads') }}

),

file_types as (

    select file_type
    from (values ('csv'), ('json')) as known (file_type)
    union
    select distinct file_type from uploads

),

days as (

    select date_day as upload_date
    from (
        {% if is_incremental() -%}
        {{ date_spine(
            "(select greatest(min(upload_date), " ~ personalization_uploads_recompute_from() ~ ") from uploads)",
            as_of_date(),
            "day",
        ) }}
        {%- else -%}
        {{ date_spine("(select min(upload_date) from uploads)", as_of_date(), "day") }}
        {%- endif %}
    ) as spine

),

uploads_per_day as (

    select
        upload_date,
        file_type,
        count(*) as uploads,
        count(*) filter (where status = 'completed') as completed,
        count(*) filter (where status = 'failed') as failed,
        count(*) filter (where status in ('pending', 'processing')) as in_progress,
        -- the mean processing time as sum / count, divided exactly in final
        sum({{ seconds_between('created_at', 'processed_at') }}) filter (
            where status = 'completed' and processed_at is not null
        ) as processing_seconds,
        count(*) filter (where status = 'completed' and processed_at is not null) as processed_uploads,
        sum(validation_error_count) as validation_errors,
        sum(file_size_bytes) as bytes_uploaded
    from uploads
    {% if is_incremental() %}
    where upload_date >= {{ personalization_uploads_recompute_from() }}
    {% endif %}
    group by 1, 2

),

final as (

    select
        days.upload_date,
        file_types.file_type,
        coalesce(uploads_per_day.uploads, 0) as uploads,
        coalesce(uploads_per_day.completed, 0) as completed,
        coalesce(uploads_per_day.failed, 0) as failed,
        coalesce(uploads_per_day.in_progress, 0) as in_progress,
        cast(
            {{ divide_round('uploads_per_day.completed', 'uploads_per_day.completed + uploads_per_day.failed', 6) }}
            as numeric(18, 6)
        ) as success_rate,
        cast(
            {{ divide_round('uploads_per_day.processing_seconds', 'uploads_per_day.processed_uploads', 6) }}
            as numeric(18, 6)
        ) as avg_processing_seconds,
        coalesce(uploads_per_day.validation_errors, 0)::bigint as validation_errors,
        coalesce(uploads_per_day.bytes_uploaded, 0)::bigint as bytes_uploaded,
        days.upload_date < {{ as_of_date() }} as is_complete_period
    from days
    cross join file_types
    left join uploads_per_day
        on days.upload_date = uploads_per_day.upload_date
        and file_types.file_type = uploads_per_day.file_type

)

select * from final

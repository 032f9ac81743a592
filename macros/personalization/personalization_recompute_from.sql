{#-
    The first date an incremental build of a personalization daily mart (uploads, review)
    rewrites, as a SQL date expression: the earlier of the last date it holds (that day was
    as_of_date, so it may have been incomplete; every later day is new) and as_of_date less
    `personalization_lookback_days` (default 7) days, for rows that arrive late (the
    spendsense sources have no load stamp). A smaller as_of_date also moves the window back,
    so the days after it are deleted. `column` is the mart's date column.
-#}
{% macro personalization_recompute_from(column) -%}
(
    select least(
        cast({{ dbt.dateadd('day', -1 * (var('personalization_lookback_days', 7) | int), as_of_date()) }} as date),
        coalesce(max(built.{{ column }}), cast('1900-01-01' as date))
    )
    from {{ this }} as built
)
{%- endmacro %}


{#- The window start of fct_data_uploads_daily (personalization_recompute_from). -#}
{% macro personalization_uploads_recompute_from() -%}
    {{ personalization_recompute_from('upload_date') }}
{%- endmacro %}


{#- The window start of fct_recommendation_review_daily (personalization_recompute_from). -#}
{% macro personalization_review_recompute_from() -%}
    {{ personalization_recompute_from('review_date') }}
{%- endmacro %}

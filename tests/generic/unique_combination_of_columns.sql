{#-
    The key of a model with a composite grain: every combination of the columns appears
    once and none of them is NULL. Fails with one row per offending combination.
    Usage (model level):
        data_tests:
          - unique_combination_of_columns:
              arguments:
                combination_of_columns: [month_start, account_filter, intent_category]
-#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with

keys as (

    select
        {{ combination_of_columns | join(",\n        ") }}
    from {{ model }}

),

duplicates as (

    select
        {{ combination_of_columns | join(",\n        ") }},
        count(*) as occurrences,
        'duplicate key' as problem
    from keys
    group by {{ combination_of_columns | join(", ") }}
    having count(*) > 1

),

nulls as (

    select
        {{ combination_of_columns | join(",\n        ") }},
        1 as occurrences,
        'null key column' as problem
    from keys
    where {% for column in combination_of_columns -%}
        {{ column }} is null{% if not loop.last %} or {% endif %}
    {%- endfor %}

)

select * from duplicates
union all
select * from nulls

{% endtest %}

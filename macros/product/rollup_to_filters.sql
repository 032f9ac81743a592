{#-
    The filter rollup of the product marts: a metric counted per user group rolled up to the
    dashboard's filter combinations (account_filter x intent_category).

    A user group is one (email_validated, user_intent_category) pair and belongs to two or
    four filter combinations (int_app_filter_combinations_mapped, read in the model as the CTE
    `filter_map`). The macro renders the body of a CTE: a select of `groups` joined to
    `filter_map` on the group columns, grouped by `keys` and the combination.

    Arguments:
      groups           the CTE (or relation) to roll up; it has the columns email_validated
                       and user_intent_category, and every column named below.
      keys             columns of `groups` carried through and grouped by (a date, a week
                       number, a funnel step), in that order before account_filter and
                       intent_category.
      sums             columns of `groups` that count users, summed per combination: exact,
                       because groups never share a user. Each keeps its name.
      distinct_counts  output column -> column of `groups`, counted distinct per combination:
                       for what users can share (an upload session, a bank), never summed.
      filter_map       the CTE holding the filter map; default `filter_map`.

    Output columns: keys, account_filter, intent_category, sums, then distinct_counts.
    Example:
        cohorts as (
            {{ rollup_to_filters('group_cohorts', keys=['cohort_week'], sums=['cohort_size']) }}
        ),
-#}
{% macro rollup_to_filters(groups, keys=[], sums=[], distinct_counts={}, filter_map='filter_map') -%}
    {%- if not sums and not distinct_counts -%}
        {{ exceptions.raise_compiler_error("rollup_to_filters(" ~ groups ~ "): give sums or distinct_counts") }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for key in keys -%}
        {%- do columns.append(groups ~ '.' ~ key) -%}
    {%- endfor -%}
    {%- do columns.append(filter_map ~ '.account_filter') -%}
    {%- do columns.append(filter_map ~ '.intent_category') -%}
    {%- for column in sums -%}
        {%- do columns.append('sum(' ~ groups ~ '.' ~ column ~ ') as ' ~ column) -%}
    {%- endfor -%}
    {%- for name, column in distinct_counts.items() -%}
        {%- do columns.append('count(distinct ' ~ groups ~ '.' ~ column ~ ') as ' ~ name) -%}
    {%- endfor -%}
    select
        {{ columns | join(',\n        ') }}
    from {{ groups }}
    inner join {{ filter_map }}
        on
        {{ groups }}.email_validated = {{ filter_map }}.email_validated
        and {{ groups }}.user_intent_category = {{ filter_map }}.user_intent_category
    group by {% for position in range(1, keys | length + 3) %}{{ position }}{{ ', ' if not loop.last }}{% endfor %}
{%- endmacro %}

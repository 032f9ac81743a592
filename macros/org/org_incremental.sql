{#-
    The load watermark of an incremental org aggregate: the latest `_loaded_at` of the source
    rows it has read, kept on its rows as `loaded_through` (or `column`, for a model that
    keeps one per source) (a scalar subquery; -infinity when nothing is built yet, so every
    row is new). Source rows landed later are new to it.
    Relies on `_loaded_at` growing with each load (the extract jobs stamp rows at landing);
    a row changed or deleted in place instead makes the next build a full one.
-#}
{% macro org_loaded_watermark(column='loaded_through') -%}
    (
        select coalesce(max(built.{{ column }}), cast('-infinity' as timestamptz))
        from {{ this }} as built
    )
{%- endmacro %}


{#-
    The rows of a staging model (with org_id and _loaded_at) that are new to an incremental
    org aggregate, as a subquery to select from: those landed after its watermark, and every
    row of an organization that landed after it (the rows of an org the aggregate did not
    know were never counted). Two branches, each a plain range or key filter on the source,
    so that an index on the source's _loaded_at (or its primary key's org_id) serves it;
    without one the first branch is a scan of the source that reads no more than it filters.
-#}
{% macro org_new_rows_of(relation) -%}
    (
        select * from {{ relation }} as landed
        where landed._loaded_at > {{ org_loaded_watermark() }}
        union all
        select * from {{ relation }} as landed
        where
            landed._loaded_at <= {{ org_loaded_watermark() }}
            and landed.org_id in (
                select new_organizations.org_id
                from {{ ref('stg_aiop__organizations') }} as new_organizations
                where new_organizations._loaded_at > {{ org_loaded_watermark() }}
            )
    )
{%- endmacro %}


{#-
    One text key of an aggregate's grain from SQL expressions that may be NULL (dbt's
    delete+insert never matches a NULL key): each value (`prefix` and the column name)
    length-prefixed, NULL spelled apart, then hashed.
-#}
{% macro org_aggregate_key(columns, prefix='') -%}
    {%- set parts = [] -%}
    {%- for name in columns -%}
        {%- set column = prefix ~ name -%}
        {%- do parts.append(
            "coalesce(cast(length(cast(" ~ column ~ " as " ~ dbt.type_string() ~ ")) as " ~ dbt.type_string()
            ~ ") || ':' || cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '-')") -%}
    {%- endfor -%}
    {{ dbt.hash(parts | join(" || '|' || ")) }}
{%- endmacro %}


{#-
    The final select of an additive incremental org aggregate (delete+insert on
    [org_id, aggregate_key]). `rows` is a CTE of the new source rows already grouped by
    org_id and `keys`, with `loaded_through` = max(_loaded_at) of its rows. A full build
    writes them; an incremental build adds to them what the aggregate already holds for the
    same keys (source rows are only appended between incremental builds: a count or a sum of
    old and new rows is the old one plus the new one) and replaces those keys. `integers`
    are counts and integer sums (kept bigint on every engine), `amounts` decimal sums.
-#}
{% macro org_additive_merge(rows, keys, integers=[], amounts=[]) -%}
    select
        merged.org_id,
        {%- for key in keys %}
        merged.{{ key }},
        {%- endfor %}
        merged.aggregate_key,
        {%- for column in integers %}
        cast(sum(merged.{{ column }}) as bigint) as {{ column }},
        {%- endfor %}
        {%- for column in amounts %}
        sum(merged.{{ column }}) as {{ column }},
        {%- endfor %}
        max(merged.loaded_through) as loaded_through
    from (
        select
            new_rows.org_id,
            {%- for key in keys %}
            new_rows.{{ key }},
            {%- endfor %}
            {{ org_aggregate_key(keys, 'new_rows.') }} as aggregate_key,
            {%- for column in integers + amounts %}
            new_rows.{{ column }},
            {%- endfor %}
            new_rows.loaded_through
        from {{ rows }} as new_rows
        {%- if is_incremental() %}
        union all
        select
            built.org_id,
            {%- for key in keys %}
            built.{{ key }},
            {%- endfor %}
            built.aggregate_key,
            {%- for column in integers + amounts %}
            built.{{ column }},
            {%- endfor %}
            built.loaded_through
        from {{ this }} as built
        inner join (
            select distinct
                touched.org_id,
                {{ org_aggregate_key(keys, 'touched.') }} as aggregate_key
            from {{ rows }} as touched
        ) as touched_keys
            on built.org_id = touched_keys.org_id
            and built.aggregate_key = touched_keys.aggregate_key
        {%- endif %}
    ) as merged
    group by
        merged.org_id,
        {%- for key in keys %}
        merged.{{ key }},
        {%- endfor %}
        merged.aggregate_key
{%- endmacro %}



{#-
    What an incremental org aggregate reads of a staging model: every row in a full build,
    only the new ones (org_new_rows_of) in an incremental one.
-#}
{% macro org_rows_of(relation) -%}
    {%- if is_incremental() -%}
        {{ org_new_rows_of(relation) }}
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}

{#-
    The incremental strategy `replace_partitions` of the product marts: delete every row of
    the target whose partition (the columns named in `columns`) the model's batch names, then
    insert the batch's rows. A batch row whose `marker` column is NULL only names a partition
    to clear (a tombstone: a month, a cohort week or a user whose rows must go, or that the
    build recomputes); it is not inserted. So a build can recompute scattered partitions and
    remove partitions that no longer exist, without a contiguous window.
        config(incremental_strategy='replace_partitions',
               replace_partitions={'columns': ['month_start'], 'marker': 'account_filter'})
-#}
{% macro get_incremental_replace_partitions_sql(arg_dict) -%}
    {%- set options = config.get('replace_partitions') or {} -%}
    {%- if not options.get('columns') or not options.get('marker') -%}
        {{ exceptions.raise_compiler_error(
            "incremental_strategy 'replace_partitions' needs config replace_partitions={'columns': [...], 'marker': ...}") }}
    {%- endif -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set batch = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- set keys = get_quoted_csv(options['columns']) -%}
    delete from {{ target }}
    where ({{ keys }}) in (select {{ keys }} from {{ batch }});

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ batch }}
    where {{ adapter.quote(options['marker']) }} is not null
{%- endmacro %}

{#-
    The incremental strategy `replace_from`: delete every row of the target from a window
    start on, then insert the model's rows (which are the rows of the same window). Unlike
    delete+insert it also removes rows that no longer exist (a period that left the spine),
    and it needs no unique key. The model names the column and a macro that renders the
    window start as a SQL date expression (rendered here, at run time, as in the model):
        config(materialized='incremental', incremental_strategy='replace_from',
               replace_from={'column': 'period_start', 'start': 'affiliate_metrics_recompute_from'})
-#}
{% macro get_incremental_replace_from_sql(arg_dict) -%}
    {%- set window = config.get('replace_from') or {} -%}
    {%- if not window.get('column') or not window.get('start') or window['start'] not in context -%}
        {{ exceptions.raise_compiler_error(
            "incremental_strategy 'replace_from' needs config replace_from={'column': ..., 'start': <a macro name>}") }}
    {%- endif -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where {{ adapter.quote(window['column']) }} >= {{ context[window['start']]() }};

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ arg_dict['temp_relation'] }}
{%- endmacro %}

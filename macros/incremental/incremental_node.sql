{#-
    Whether a model's config builds it incrementally: dbt's `incremental` materialization, or
    a mart (`swap_table`) that names an incremental_strategy (its later builds change the mart
    in place; see macros/materializations/swap_table.sql). Takes a node's config (a graph
    node's `config`, or the current model's `config` object).
-#}
{% macro is_incremental_config(node_config) -%}
    {%- set materialized = node_config.get('materialized') -%}
    {{ return(materialized == 'incremental'
              or (materialized == 'swap_table' and (node_config.get('incremental_strategy') or '') != '')) }}
{%- endmacro %}

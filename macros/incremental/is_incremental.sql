{#-
    dbt's is_incremental(), extended to the marts that build incrementally (swap_table with an
    incremental_strategy): true when the model's table exists, the model builds incrementally
    and this run does not rebuild it in full (should_full_refresh).
-#}
{% macro is_incremental() -%}
    {%- if not execute or target.type == 'spark' -%}
        {#- Spark builds every model whole (macros/materializations/spark_incremental.sql) -#}
        {{ return(false) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(this.database, this.schema, this.table) -%}
    {{ return(relation is not none
              and relation.type == 'table'
              and is_incremental_config(config)
              and not should_full_refresh()) }}
{%- endmacro %}

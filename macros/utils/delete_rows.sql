{#-
    Delete the rows of `relation` where `condition` holds (a post-hook of an incremental
    model that retracts rows a build made obsolete). Nothing on Spark: its Parquet tables
    have no delete, and it builds every model whole, where no row is ever obsolete
    (macros/materializations/spark_incremental.sql).
-#}
{% macro delete_rows(relation, condition) -%}
    {{ return(adapter.dispatch('delete_rows')(relation, condition)) }}
{%- endmacro %}

{% macro default__delete_rows(relation, condition) -%}
    delete from {{ relation }} where {{ condition }}
{%- endmacro %}

{% macro spark__delete_rows(relation, condition) -%}{%- endmacro %}

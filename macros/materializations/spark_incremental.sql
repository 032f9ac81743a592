{#-
    Spark (plain Parquet: no row-level delete, update or merge). An incremental model builds
    as a whole table there on every build: its strategies (delete+insert, the project's
    replace_from) change rows in place, which Parquet cannot. The marts read the same rows
    either way; what Spark gives up is the cost, not the result (docs/engines.md).
-#}
{% materialization incremental, adapter='spark' %}
    {{ return(materialization_table_spark()) }}
{% endmaterialization %}

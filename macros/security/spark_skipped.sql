{#-
    What Spark skips (said once per build by the runner, runner/engines/spark.py SKIPPED):
    grants (a local session has no users to grant to; a cluster's catalog grants its own
    way). Row-level security is refused without `tenant_isolation: none` on the target
    (apply_row_security); indexes are PostgreSQL's (create_indexes does nothing elsewhere).
-#}
{% macro spark__apply_grants(relation, grant_config, should_revoke=True) -%}{%- endmacro %}

{#-
    `swap_table`: the materialization of every mart (set by folder in dbt_project.yml). A
    table, built so that BI readers never wait on it, never see a half-built mart, and keep
    the views they built on it. dbt's own `table` materialization is left as dbt ships it.

    Everything slow happens on a new table under a temporary name: create (with the
    contract), indexes, row-level security, grants, comments, ANALYZE. Then one short swap
    (swap_relation_sql) puts it in place inside the same transaction, and the transaction
    commits. A reader sees the old complete version or the new complete one; a killed build
    rolls back and leaves the old version in place.
-#}
{% materialization swap_table, adapter='postgres' %}

    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
    {%- set preexisting_intermediate_relation = load_cached_relation(intermediate_relation) -%}
    {%- set backup_relation_type = 'table' if existing_relation is none else existing_relation.type -%}
    {%- set backup_relation = make_backup_relation(target_relation, backup_relation_type) -%}
    {%- set preexisting_backup_relation = load_cached_relation(backup_relation) -%}
    {%- set grant_config = config.get('grants') -%}

    {#- leftovers of a build that was killed before it committed -#}
    {{ drop_relation_if_exists(preexisting_intermediate_relation) }}
    {{ drop_relation_if_exists(preexisting_backup_relation) }}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {% call statement('main') -%}
        {{ get_create_table_as_sql(False, intermediate_relation, sql) }}
    {%- endcall %}

    {% do create_indexes(intermediate_relation) %}
    {% do apply_row_security(intermediate_relation) %}
    {% do apply_grants(intermediate_relation, grant_config, should_revoke=False) %}
    {% do persist_docs(intermediate_relation, model) %}
    {% call statement('analyze') -%}
        analyze {{ intermediate_relation }}
    {%- endcall %}

    {#- the swap: the only step that needs the exclusive lock on the mart -#}
    {% call statement('swap') -%}
        {{ swap_relation_sql(existing_relation, intermediate_relation, target_relation, backup_relation) }}
    {%- endcall %}
    {% if existing_relation is not none %}
        {% do adapter.cache_dropped(existing_relation) %}
    {% endif %}
    {% do adapter.cache_renamed(intermediate_relation, target_relation) %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}

    {{ adapter.commit() }}

    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}


{#-
    `swap_table` on engines other than PostgreSQL: the engine's own table materialization
    (an atomic replace where the engine has one), after the tenant check of apply_row_security
    (a tenant mart needs row-level security, or a target that says it needs none).
-#}
{% materialization swap_table, default %}
    {%- do apply_row_security(this) -%}
    {%- set engine_table = context.get('materialization_table_' ~ adapter.type()) or context.get('materialization_table_default') -%}
    {{ return(engine_table()) }}
{% endmaterialization %}

{#-
    The table materialization for PostgreSQL, built so that BI readers never wait on it and
    never see a half-built mart.

    dbt's default renames the new table into place first and then runs post-hooks (ANALYZE,
    grants) while holding the ACCESS EXCLUSIVE lock. Here everything slow happens on the new
    table under its temporary name: create (with the contract), indexes, row-level security,
    grants, column comments, ANALYZE. Only then is it swapped in, by two renames in one
    transaction (postgres__rename_relation: short lock timeouts, retried), the old version
    dropped, and committed.
    A reader sees the old complete version or the new complete one; a killed build rolls
    back and leaves the old version in place.
-#}
{% materialization table, adapter='postgres' %}

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
    {% if existing_relation is not none %}
        {% set existing_relation = load_cached_relation(existing_relation) %}
        {% if existing_relation is not none %}
            {{ adapter.rename_relation(existing_relation, backup_relation) }}
        {% endif %}
    {% endif %}
    {{ adapter.rename_relation(intermediate_relation, target_relation) }}
    {#- the swap holds the old table's exclusive lock already: drop it in the same transaction,
        so no build killed after its commit can leave a __dbt_backup behind -#}
    {{ drop_relation_if_exists(backup_relation) }}

    {{ run_hooks(post_hooks, inside_transaction=True) }}

    {{ adapter.commit() }}

    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}

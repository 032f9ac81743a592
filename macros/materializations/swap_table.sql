{#-
    `swap_table`: the materialization of every mart (set by folder in dbt_project.yml). A
    table, built so that BI readers never wait on it, never see a half-built mart, and keep
    the views they built on it. dbt's own `table` materialization is left as dbt ships it.

    Everything slow happens on a new table under a temporary name: create (with the
    contract), indexes, row-level security, grants, comments, ANALYZE. Then one short swap
    (swap_relation_sql) puts it in place inside the same transaction, and the transaction
    commits. A reader sees the old complete version or the new complete one; a killed build
    rolls back and leaves the old version in place.

    A mart that names an `incremental_strategy` (dbt's own: delete+insert, merge, append, or
    the project's replace_from) builds like that only the first time and when it is rebuilt in
    full (should_full_refresh). Its other builds render the model with is_incremental() true,
    put those rows in a temporary table, and apply the strategy to the mart in place, in one
    transaction: its row security, grants, indexes and readers' views stay as they are, and
    readers see the rows before or after the change, never between.
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

    {%- if existing_relation is not none and existing_relation.type == 'table'
          and is_incremental_config(config) and not should_full_refresh() %}
        {{ return(_swap_table_in_place(existing_relation, target_relation, grant_config)) }}
    {%- endif %}

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


{#- An incremental build of a mart: dbt's strategy applied to the mart in place. -#}
{% macro _swap_table_in_place(existing_relation, target_relation, grant_config) %}
    {%- set temp_relation = make_temp_relation(target_relation) -%}
    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {% do run_query(get_create_table_as_sql(True, temp_relation, sql)) %}
    {%- set strategy = config.get('incremental_strategy') -%}
    {%- set strategy_sql = adapter.get_incremental_strategy_macro(context, strategy) -%}
    {% call statement('main') -%}
        {{ strategy_sql({
            'target_relation': target_relation,
            'temp_relation': temp_relation,
            'unique_key': config.get('unique_key'),
            'dest_columns': adapter.get_columns_in_relation(existing_relation),
            'incremental_predicates': config.get('incremental_predicates'),
        }) }}
    {%- endcall %}
    {% call statement('analyze') -%}
        analyze {{ target_relation }}
    {%- endcall %}
    {% do apply_grants(target_relation, grant_config, should_revoke=true) %}
    {% do persist_docs(target_relation, model) %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmacro %}


{#-
    `swap_table` on engines other than PostgreSQL: the engine's own table materialization
    (an atomic replace where the engine has one), or its incremental one for a mart that names
    an incremental_strategy, after the tenant check of apply_row_security (a tenant mart needs
    row-level security, or a target that says it needs none).
-#}
{% materialization swap_table, default %}
    {%- do apply_row_security(this) -%}
    {%- set kind = 'incremental' if is_incremental_config(config) else 'table' -%}
    {%- set engine_materialization = context.get('materialization_' ~ kind ~ '_' ~ adapter.type())
        or context.get('materialization_' ~ kind ~ '_default') -%}
    {{ return(engine_materialization()) }}
{% endmaterialization %}


{#-
    `swap_table` on Spark. dbt-spark's table materialization drops a Parquet table before it
    creates the new one, so a mart that reads its own previous version (the org marts' audit
    columns, org_build_times) would find nothing, and a reader would see no table for the
    whole build. Here the new version is built under a temporary name first, then the old one
    is dropped and the new one renamed into place: the mart is missing only between the drop
    and the rename. Contracts, docs and hooks as in dbt-spark's own.
-#}
{% materialization swap_table, adapter='spark' %}
    {%- do apply_row_security(this) -%}
    {%- set existing_relation = adapter.get_relation(database=this.database, schema=this.schema,
                                                     identifier=this.identifier) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
    {{ adapter.drop_relation(intermediate_relation) }}

    {{ run_hooks(pre_hooks) }}

    {% call statement('main') -%}
        {{ create_table_as(False, intermediate_relation, sql) }}
    {%- endcall %}

    {% if existing_relation is not none %}
        {{ adapter.drop_relation(existing_relation) }}
    {% endif %}
    {{ adapter.rename_relation(intermediate_relation, target_relation) }}

    {% do persist_docs(target_relation, model) %}

    {{ run_hooks(post_hooks) }}

    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

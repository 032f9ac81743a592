{#-
    A query giving, for each input (name -> {kind, relation, checksum}), a JSON fingerprint
    that changes when the input's data changes other than by appending rows:
      - source: the table (dropped and created again), the storage of each of its partitions
        (TRUNCATE, or a rewrite), and the count of rows ever updated or deleted in it;
      - model (an incremental model or a snapshot): its table, which a full rebuild replaces;
      - seed: the checksum of its file.
    Columns: input, fingerprint (text of a JSON object).
-#}
{% macro incremental_input_fingerprints_sql(inputs) -%}
    {{ return(adapter.dispatch('incremental_input_fingerprints_sql')(inputs)) }}
{%- endmacro %}


{% macro default__incremental_input_fingerprints_sql(inputs) -%}
    select cast(null as {{ dbt.type_string() }}) as input, cast(null as {{ dbt.type_string() }}) as fingerprint
    where 1 = 0
{%- endmacro %}


{% macro postgres__incremental_input_fingerprints_sql(inputs) -%}
    {%- for name, input in inputs.items() %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    {%- if input.kind == 'seed' %}
    select '{{ name }}' as input, jsonb_build_object('checksum', '{{ input.checksum }}')::text as fingerprint
    {%- elif input.kind == 'model' %}
    select '{{ name }}' as input, jsonb_build_object('table', to_regclass('{{ input.relation }}')::oid)::text as fingerprint
    {%- else %}
    select
        '{{ name }}' as input,
        jsonb_build_object(
            'table', to_regclass('{{ input.relation }}')::oid,
            'storage', (
                select coalesce(jsonb_object_agg(parts.relid::text, pg_relation_filenode(parts.relid)), '{}')
                from ({{ _input_storage_parts(input.relation) }}) as parts
            ),
            'changes', (
                select coalesce(sum(stats.n_tup_upd + stats.n_tup_del), 0)
                from ({{ _input_storage_parts(input.relation) }}) as parts
                inner join pg_stat_all_tables as stats on parts.relid = stats.relid
            )
        )::text as fingerprint
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- the relations that hold a table's rows: the table itself, or its leaf partitions -#}
{% macro _input_storage_parts(relation) -%}
    select tree.relid::oid as relid
    from pg_partition_tree(to_regclass('{{ relation }}')) as tree
    where tree.isleaf
    union
    select tables.oid
    from pg_class as tables
    where tables.oid = to_regclass('{{ relation }}') and tables.relkind = 'r'
{%- endmacro %}

{#-
    Contracts on Spark. Spark's plain Parquet tables hold no constraints, and its query types
    are not PostgreSQL's (count(*) is a bigint where a contract says integer), so a contract
    is enforced there by its columns' names (dbt's own check, which also compares types, is
    replaced) and by casting every column to its declared type, translated:
        text, varchar(n), uuid, json, jsonb  -> string
        integer                              -> int
        timestamptz                          -> timestamp (an instant)
        double precision                     -> double
        numeric(p, s)                        -> decimal(p, s)
    tests/python/test_spark.py checks the built tables' types against the contracts.
-#}
{% macro spark_contract_type(data_type) -%}
    {%- set declared = data_type | trim | lower -%}
    {%- if declared in ('text', 'uuid', 'json', 'jsonb') or declared.startswith('varchar') -%}string
    {%- elif declared == 'integer' -%}int
    {%- elif declared == 'timestamptz' -%}timestamp
    {%- elif declared == 'double precision' -%}double
    {%- elif declared.startswith('numeric') -%}{{ declared | replace('numeric', 'decimal') }}
    {%- else -%}{{ declared }}
    {%- endif -%}
{%- endmacro %}


{% macro spark__get_select_subquery(sql) -%}
    select
    {%- for column in model['columns'].values() %}
        cast({{ adapter.quote(column['name']) }} as {{ spark_contract_type(column['data_type']) }})
            as {{ adapter.quote(column['name']) }}{{ ',' if not loop.last }}
    {%- endfor %}
    from (
        {{ sql }}
    ) as model_subq
{%- endmacro %}


{#- The names the model's SQL yields are the contract's, in any order; types are cast above. -#}
{% macro spark__get_assert_columns_equivalent(sql) -%}
    {%- set declared = model['columns'].values() | map(attribute='name') | map('lower') | list -%}
    {%- if not declared -%}
        {{ exceptions.raise_contract_error([], []) }}
    {%- endif -%}
    {%- set built = get_column_schema_from_query(sql, config.get('sql_header', none)) | map(attribute='name')
        | map('lower') | list -%}
    {%- if (declared | sort) != (built | sort) -%}
        {{ exceptions.raise_compiler_error(
            model.name ~ ": the contract's columns (" ~ declared | join(', ') ~ ") are not the model's ("
            ~ built | join(', ') ~ ")") }}
    {%- endif -%}
{%- endmacro %}

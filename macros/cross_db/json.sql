{#-
    JSON, one macro per operation: PostgreSQL stores jsonb, DuckDB its JSON type. Models never
    name a JSON type, operator or function inline (see the `check_model_sql_is_engine_neutral`
    convention); they call these.
-#}

{#- The JSON column type of a contract or cast. -#}
{% macro type_json() -%}
    {{ return(adapter.dispatch('type_json')()) }}
{%- endmacro %}
{% macro default__type_json() -%}json{%- endmacro %}
{% macro postgres__type_json() -%}jsonb{%- endmacro %}

{#- A JSON literal from a SQL string literal's text, e.g. json_literal('{}'). -#}
{% macro json_literal(text) -%}
    cast('{{ text }}' as {{ type_json() }})
{%- endmacro %}

{#- An expression cast to the JSON type. -#}
{% macro to_json_value(expr) -%}
    cast({{ expr }} as {{ type_json() }})
{%- endmacro %}

{#-
    The JSON type of a value, in PostgreSQL's words: object, array, string, number,
    boolean, null; SQL NULL for a missing key.
-#}
{% macro json_typeof(expr) -%}
    {{ return(adapter.dispatch('json_typeof')(expr)) }}
{%- endmacro %}
{% macro postgres__json_typeof(expr) -%}
    jsonb_typeof({{ expr }})
{%- endmacro %}
{% macro duckdb__json_typeof(expr) -%}
    (case json_type({{ expr }})
        when 'OBJECT' then 'object'
        when 'ARRAY' then 'array'
        when 'VARCHAR' then 'string'
        when 'BOOLEAN' then 'boolean'
        when 'NULL' then 'null'
        when 'BIGINT' then 'number'
        when 'UBIGINT' then 'number'
        when 'DOUBLE' then 'number'
        when 'HUGEINT' then 'number'
    end)
{%- endmacro %}

{#- The JSON value under `key` of an object (SQL NULL when missing). `key` is a plain name. -#}
{% macro json_get(expr, key) -%}
    {{ return(adapter.dispatch('json_get')(expr, key)) }}
{%- endmacro %}
{% macro default__json_get(expr, key) -%}
    (({{ expr }}) -> '{{ key }}')
{%- endmacro %}

{#- The text of the value under `key` (a string unquoted; NULL when missing or JSON null). -#}
{% macro json_get_text(expr, key) -%}
    {{ return(adapter.dispatch('json_get_text')(expr, key)) }}
{%- endmacro %}
{% macro default__json_get_text(expr, key) -%}
    (({{ expr }}) ->> '{{ key }}')
{%- endmacro %}
{% macro duckdb__json_get_text(expr, key) -%}
    (case when json_type(({{ expr }}) -> '{{ key }}') <> 'NULL' then ({{ expr }}) ->> '{{ key }}' end)
{%- endmacro %}

{#- The text of the array element at a 0-based position. -#}
{% macro json_array_element_text(expr, position) -%}
    {{ return(adapter.dispatch('json_array_element_text')(expr, position)) }}
{%- endmacro %}
{% macro default__json_array_element_text(expr, position) -%}
    (({{ expr }}) ->> {{ position }})
{%- endmacro %}

{#- The length of a JSON array. -#}
{% macro json_array_length(expr) -%}
    {{ return(adapter.dispatch('json_array_length')(expr)) }}
{%- endmacro %}
{% macro postgres__json_array_length(expr) -%}
    jsonb_array_length({{ expr }})
{%- endmacro %}
{% macro default__json_array_length(expr) -%}
    json_array_length({{ expr }})
{%- endmacro %}

{#- A JSON array of a SQL array/list value. -#}
{% macro to_json_array(expr) -%}
    {{ return(adapter.dispatch('to_json_array')(expr)) }}
{%- endmacro %}
{% macro postgres__to_json_array(expr) -%}
    to_jsonb({{ expr }})
{%- endmacro %}
{% macro default__to_json_array(expr) -%}
    to_json({{ expr }})
{%- endmacro %}

{#- A JSON object of alternating key and value expressions: json_build_object(["'a'", 'x', "'b'", 'y']). -#}
{% macro json_build_object(pairs) -%}
    {{ return(adapter.dispatch('json_build_object')(pairs)) }}
{%- endmacro %}
{% macro postgres__json_build_object(pairs) -%}
    jsonb_build_object({{ pairs | join(', ') }})
{%- endmacro %}
{% macro default__json_build_object(pairs) -%}
    json_object({{ pairs | join(', ') }})
{%- endmacro %}

{#-
    Aggregate: a JSON object of key -> value over the group's rows (keys in key order),
    optionally only the rows where `filter` holds; NULL when no row qualifies.
-#}
{% macro json_object_agg(key, value, filter=none) -%}
    {{ return(adapter.dispatch('json_object_agg')(key, value, filter)) }}
{%- endmacro %}
{% macro postgres__json_object_agg(key, value, filter) -%}
    jsonb_object_agg({{ key }}, {{ value }}){% if filter %} filter (where {{ filter }}){% endif %}
{%- endmacro %}
{% macro duckdb__json_object_agg(key, value, filter) -%}
    to_json(map_from_entries(
        list(struct_pack(k := {{ key }}, v := {{ value }}) order by {{ key }}){% if filter %} filter (where {{ filter }}){% endif %}
    ))
{%- endmacro %}

{#- Aggregate: a JSON array of the group's values (JSON or scalars) in `order_by` order. -#}
{% macro json_array_agg(value, order_by) -%}
    {{ return(adapter.dispatch('json_array_agg')(value, order_by)) }}
{%- endmacro %}
{% macro postgres__json_array_agg(value, order_by) -%}
    jsonb_agg({{ value }} order by {{ order_by }})
{%- endmacro %}
{% macro duckdb__json_array_agg(value, order_by) -%}
    to_json(list({{ value }} order by {{ order_by }}))
{%- endmacro %}

{#-
    The pairs of a JSON object as rows `(key, value)`: a FROM item used as
    `cross join {{ json_each_pair('budgets.allocations') }} as allocation (key, value)`.
    `value` is JSON.
-#}
{% macro json_each_pair(expr) -%}
    {{ return(adapter.dispatch('json_each_pair')(expr)) }}
{%- endmacro %}
{% macro postgres__json_each_pair(expr) -%}
    lateral jsonb_each({{ expr }})
{%- endmacro %}
{% macro duckdb__json_each_pair(expr) -%}
    lateral (select each_pair.key, each_pair.value from json_each({{ expr }}) as each_pair)
{%- endmacro %}

{#-
    Spark: JSON is text (a string column); each operation parses it as a VARIANT
    (parse_json) and says the result as PostgreSQL's jsonb would.
-#}
{% macro spark__type_json() -%}string{%- endmacro %}

{% macro spark__json_typeof(expr) -%}
    (case
        when ({{ expr }}) is null then null
        when schema_of_variant(parse_json({{ expr }})) like 'OBJECT%' then 'object'
        when schema_of_variant(parse_json({{ expr }})) like 'ARRAY%' then 'array'
        when schema_of_variant(parse_json({{ expr }})) = 'STRING' then 'string'
        when schema_of_variant(parse_json({{ expr }})) = 'BOOLEAN' then 'boolean'
        when schema_of_variant(parse_json({{ expr }})) = 'VOID' then 'null'
        else 'number'
    end)
{%- endmacro %}

{% macro spark__json_get(expr, key) -%}
    to_json(variant_get(parse_json({{ expr }}), '$.{{ key }}', 'variant'))
{%- endmacro %}

{% macro spark__json_get_text(expr, key) -%}
    variant_get(parse_json({{ expr }}), '$.{{ key }}', 'string')
{%- endmacro %}

{% macro spark__json_array_element_text(expr, position) -%}
    variant_get(parse_json({{ expr }}), '$[{{ position }}]', 'string')
{%- endmacro %}

{% macro spark__json_build_object(pairs) -%}
    to_json(named_struct({{ pairs | join(', ') }}), map('ignoreNullFields', 'false'))
{%- endmacro %}

{#- Spark: values as JSON (a number stays a number); keys in key order, as jsonb keeps them. -#}
{% macro spark__json_object_agg(key, value, filter) -%}
    (case when count(*){% if filter %} filter (where {{ filter }}){% endif %} > 0 then
        to_json(map_from_entries(array_sort(
            collect_list(struct({{ key }}, {{ value }})){% if filter %} filter (where {{ filter }}){% endif %}
        )))
    end)
{%- endmacro %}

{% macro spark__json_array_agg(value, order_by) -%}
    {#- sorted on the key alone (a VARIANT does not compare); a value that is JSON text is
        parsed, so that the array holds it as JSON, not as a string -#}
    to_json(transform(
        array_sort(
            collect_list(struct({{ order_by }} as sort_key, {{ value }} as item)),
            (left, right) -> case when left.sort_key < right.sort_key then -1
                                  when left.sort_key > right.sort_key then 1 else 0 end
        ),
        entry -> parse_json(entry.item)
    ))
{%- endmacro %}

{% macro spark__json_each_pair(expr) -%}
    lateral (
        select each_pair.key, to_json(each_pair.value) as value
        from variant_explode(parse_json({{ expr }})) as each_pair
    )
{%- endmacro %}

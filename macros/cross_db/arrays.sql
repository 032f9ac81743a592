{#- An array of the given SQL expressions without their NULLs: non_null_array(['a', 'b']). -#}
{% macro non_null_array(items) -%}
    {{ return(adapter.dispatch('non_null_array')(items)) }}
{%- endmacro %}
{% macro postgres__non_null_array(items) -%}
    array_remove(array[{{ items | join(', ') }}], null)
{%- endmacro %}
{% macro duckdb__non_null_array(items) -%}
    list_filter([{{ items | join(', ') }}], item -> item is not null)
{%- endmacro %}

{#- A one-element text array. -#}
{% macro text_array(items) -%}
    {{ return(adapter.dispatch('text_array')(items)) }}
{%- endmacro %}
{% macro postgres__text_array(items) -%}
    array[{{ items | join(', ') }}]::text []
{%- endmacro %}
{% macro duckdb__text_array(items) -%}
    cast([{{ items | join(', ') }}] as varchar [])
{%- endmacro %}

{#- The rows of a list of SQL expressions with their 1-based position: a FROM item `as name (value, position)`. -#}
{% macro values_with_position(items) -%}
    {{ return(adapter.dispatch('values_with_position')(items)) }}
{%- endmacro %}
{% macro postgres__values_with_position(items) -%}
    unnest(array[{{ items | join(', ') }}]) with ordinality
{%- endmacro %}
{% macro duckdb__values_with_position(items) -%}
    unnest([{{ items | join(', ') }}]) with ordinality
{%- endmacro %}

{% macro spark__non_null_array(items) -%}
    filter(array({{ items | join(', ') }}), item -> item is not null)
{%- endmacro %}

{% macro spark__text_array(items) -%}
    cast(array({{ items | join(', ') }}) as array<string>)
{%- endmacro %}

{#- Spark: a generator in FROM (inline of positioned structs); the alias names its columns. -#}
{% macro spark__values_with_position(items) -%}
    inline(array(
        {%- for item in items %}
        named_struct('value', {{ item }}, 'position', {{ loop.index }}){{ ',' if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}

{#- The element of an array at a 1-based position (NULL past its end). -#}
{% macro array_element(expr, position) -%}
    {{ return(adapter.dispatch('array_element')(expr, position)) }}
{%- endmacro %}

{% macro default__array_element(expr, position) -%}
    ({{ expr }})[{{ position }}]
{%- endmacro %}

{#- Spark's `[]` counts from 0; element_at counts from 1 (try_: NULL past the end). -#}
{% macro spark__array_element(expr, position) -%}
    try_element_at({{ expr }}, {{ position }})
{%- endmacro %}

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

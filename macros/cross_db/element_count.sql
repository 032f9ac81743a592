{#- The number of elements of an array (a DuckDB list); NULL for a NULL array. -#}
{% macro element_count(expr) -%}
    {{ return(adapter.dispatch('element_count')(expr)) }}
{%- endmacro %}
{% macro postgres__element_count(expr) -%}
    cardinality({{ expr }})
{%- endmacro %}
{% macro duckdb__element_count(expr) -%}
    len({{ expr }})
{%- endmacro %}

{% macro spark__element_count(expr) -%}
    array_size({{ expr }})
{%- endmacro %}

{#- Fresh planner statistics for a relation (PostgreSQL's ANALYZE); nothing on engines that keep their own. -#}
{% macro analyze_relation(relation) -%}
    {{ return(adapter.dispatch('analyze_relation')(relation)) }}
{%- endmacro %}
{% macro default__analyze_relation(relation) -%}{%- endmacro %}
{% macro postgres__analyze_relation(relation) -%}analyze {{ relation }}{%- endmacro %}

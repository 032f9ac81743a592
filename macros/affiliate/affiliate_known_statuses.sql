{#-
    The known statuses of a bronze entity, lower-case: a status outside the set rejects the
    record. Returned as a list (for Jinja) and rendered by affiliate_status_literals as a SQL
    list. Keep in step with the accepted_values tests of the silver marts.
-#}
{% macro affiliate_known_statuses(entity) -%}
    {%- set statuses = {
        "customers": ["active", "inactive", "suspended", "closed"],
        "deposits": ["pending", "completed", "success", "failed", "cancelled"],
        "trades": ["pending", "completed", "failed", "cancelled"],
        "assets": ["active", "inactive", "frozen", "closed"],
    } -%}
    {%- if entity not in statuses -%}
        {{ exceptions.raise_compiler_error("affiliate_known_statuses: unknown entity " ~ entity) }}
    {%- endif -%}
    {{ return(statuses[entity]) }}
{%- endmacro %}

{% macro affiliate_status_literals(entity) -%}
    {%- for status in affiliate_known_statuses(entity) -%}
        '{{ status }}'{% if not loop.last %}, {% endif %}
    {%- endfor -%}
{%- endmacro %}

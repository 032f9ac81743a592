{#-
    The "as of" date of every mart that depends on now, as a SQL date expression.

    With the var `as_of_date` set (YYYY-MM-DD) it is that date, so a build is reproducible.
    Without it, it is the date on which this dbt invocation started, in the reporting time
    zone: one fixed value for the whole build, even across midnight. `tz` is a SQL
    expression for a per-row time zone (the aiop organizations); it defaults to the
    project's `reporting_timezone`.
-#}
{% macro as_of_date(tz=none) -%}
    {%- set value = var("as_of_date", "") -%}
    {%- if value is not none and (value | string | trim) != "" -%}
        {%- set text = value | string | trim -%}
        {%- set digits = text | replace("-", "") -%}
        {%- if text | length != 10 or text[4] != "-" or text[7] != "-" or digits | length != 8 or digits.strip("0123456789") != "" -%}
            {{ exceptions.raise_compiler_error("var as_of_date must be a date YYYY-MM-DD, got '" ~ text ~ "'") }}
        {%- endif -%}
        date '{{ text }}'
    {%- else -%}
        {{ local_date(build_started_at(), tz) }}
    {%- endif -%}
{%- endmacro %}

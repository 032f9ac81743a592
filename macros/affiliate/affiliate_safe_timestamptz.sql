{#-
    An ISO-8601 text as timestamptz, or NULL when it is not one. Accepted: a date
    (YYYY-MM-DD, midnight) or a date and time with `T` or a space, minutes, optional seconds
    and up to six decimals, and an optional offset (`Z`, `+08`, `+0800`, `+08:00`). Without
    an offset the time is UTC (the landing contract), whatever the session time zone.
    Impossible dates (2026-02-30), 24:00, day-first dates and epoch numbers give NULL.
    Never raises: a regular expression checks the shape, then a nested CASE checks the day
    against the month's length before the cast runs (PostgreSQL does not promise AND order).
-#}
{% macro affiliate_safe_timestamptz(text_expr) -%}
    {%- set iso_shape -%}
        '^[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?)?$'
    {%- endset -%}
    {%- set has_offset -%}
        '[T ][0-9:.]+([Zz]|[+-][0-9:]+)$'
    {%- endset -%}
    {%- set with_offset -%}
        (case
            when {{ regex_matches(text_expr, has_offset) }} then ({{ text_expr }})
            else ({{ text_expr }}) || '+00'
        end)
    {%- endset -%}
    (case
        when {{ regex_matches(text_expr, iso_shape) }}
            then case
                when cast(substr(({{ text_expr }}), 9, 2) as integer) <= extract(
                    day from cast(substr(({{ text_expr }}), 1, 7) || '-01' as date) + interval '1 month' - interval '1 day'
                )
                    then {{ parse_iso_timestamptz(with_offset) }}
            end
    end)
{%- endmacro %}

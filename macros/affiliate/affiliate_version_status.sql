{#-
    Which version of a bronze record a row is: `failed` (load_status = 'failed'),
    `current` (the latest successful load of its record id; ties on load time broken by
    the load's affiliate id, then source file, so the choice is deterministic) or
    `superseded` (a successful load that a later successful load replaced). A window
    expression over one bronze table; the record id alone identifies a record, as in silver.
-#}
{% macro affiliate_version_status(record_id, load_at, is_loaded, tiebreak) -%}
    (case
        when not {{ is_loaded }} then 'failed'
        when row_number() over (
            partition by {{ record_id }}, {{ is_loaded }}
            order by {{ load_at }} desc, {{ tiebreak | join(' desc, ') }} desc
        ) = 1 then 'current'
        else 'superseded'
    end)
{%- endmacro %}

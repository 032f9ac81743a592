{#-
    The condition (for delete_rows) that picks, in the unified transaction stream, the legacy
    rows that an l1 fact copied in this build stands for: int_app_transactions_unioned's
    post-hook retracts them.
-#}
{% macro app_superseded_legacy_rows(relation) -%}
    source_table = 'transactions'
    and source_id in (
        select facts.legacy_transaction_id
        from {{ ref('stg_app__l1_transaction_facts') }} as facts
        inner join {{ relation }} as copied
            on copied.source_table = 'l1_transaction_facts' and copied.source_id = facts.fact_id
        where copied.loaded_at = {{ build_started_at() }}
    )
{%- endmacro %}

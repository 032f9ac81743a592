{#-
    A multi-tenant foreign key: every non-NULL (org_id, column) of the model exists as
    (org_id, field) in `to`. dbt's `relationships` compares the column alone, so an id that
    exists only under another organization would pass it; this test does not let it.
    Usage (column level):
        data_tests:
          - relationships_within_org:
              arguments: {to: "ref('stg_aiop__qb_accounts')", field: account_id}
              config: {severity: warn}
-#}
{% test relationships_within_org(model, column_name, to, field, org_column="org_id") %}

select
    child.{{ org_column }},
    child.{{ column_name }}
from {{ model }} as child
where
    child.{{ column_name }} is not null
    and not exists (
        select 1
        from {{ to }} as parent
        where
            parent.{{ org_column }} = child.{{ org_column }}
            and parent.{{ field }} = child.{{ column_name }}
    )

{% endtest %}

{#-
    An invariant every row must satisfy, as a SQL boolean expression over the model's
    columns. Fails with the rows where it is false or NULL (narrow the rows checked with
    the test's own `config: where:`).
    Usage:
        data_tests:
          - expression_is_true:
              arguments:
                expression: "total_assets = total_liabilities + total_equity"
-#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), false)

{% endtest %}

{#-
    Every bronze row of one landing table is accounted for by a silver model:
        successful loads = silver rows + rejected rows + superseded loads
    where `superseded` is counted from bronze alone: the successful loads that are not the
    latest successful load of their record id (successful loads minus distinct record ids
    among them). Failed loads (load_status = 'failed') are neither silver nor rejected and
    are reported beside, so that total bronze rows = the four counts + failed loads.
    Fails with one row showing the counts when the equation does not hold.
    Usage (model level, on a silver model):
        data_tests:
          - affiliate_bronze_rows_accounted_for:
              arguments:
                bronze: ref('stg_affiliate__bronze_deposits')
                record_id: deposit_id
                rejected: ref('silver_rejected_records')
                source_table: bronze_deposits
-#}
{% test affiliate_bronze_rows_accounted_for(model, bronze, record_id, rejected, source_table) %}

with

bronze_counts as (

    select
        count(*) as bronze_rows,
        count(*) filter (where load_status = 'loaded') as loaded_rows,
        count(*) filter (where load_status = 'failed') as failed_loads,
        count(distinct {{ record_id }}) filter (where load_status = 'loaded') as loaded_records
    from {{ bronze }}

),

silver_counts as (

    select count(*) as silver_rows
    from {{ model }}

),

rejected_counts as (

    select count(*) as rejected_rows
    from {{ rejected }}
    where source_table = '{{ source_table }}'

),

accounting as (

    select
        bronze_counts.bronze_rows,
        bronze_counts.loaded_rows,
        bronze_counts.failed_loads,
        silver_counts.silver_rows,
        rejected_counts.rejected_rows,
        bronze_counts.loaded_rows - bronze_counts.loaded_records as superseded_rows
    from bronze_counts
    cross join silver_counts
    cross join rejected_counts

)

select *
from accounting
where
    loaded_rows <> silver_rows + rejected_rows + superseded_rows
    or bronze_rows <> loaded_rows + failed_loads

{% endtest %}

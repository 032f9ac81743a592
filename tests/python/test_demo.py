"""`runner demo --scale small`: the main job builds every model and passes every test."""

from __future__ import annotations

MART_SCHEMAS = ("marts_product", "marts_personalization", "marts_finance", "marts_org", "marts_affiliate")


def test_demo_small_builds_and_passes_every_test(demo_small):
    result, _ = demo_small
    assert result.exit_code == 0, result.output
    assert "FAILED" not in result.output
    assert 'psql "$(runner db url)"' in result.output


def test_every_mart_of_the_demo_has_rows(demo_small):
    result, warehouse = demo_small
    assert result.exit_code == 0, result.output
    marts = warehouse.query(
        "select table_schema, table_name from information_schema.tables"
        " where table_schema = any(%s) and table_type = 'BASE TABLE' order by 1, 2",
        (list(MART_SCHEMAS),),
    )
    assert marts, "no marts were built"
    empty = [
        f"{schema}.{table}"
        for schema, table in marts
        if warehouse.query(f'select count(*) from "{schema}"."{table}"')[0][0] == 0
    ]
    assert empty == []

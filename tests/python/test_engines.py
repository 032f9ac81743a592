"""One set of models, two engines: the small demo built on PostgreSQL and on DuckDB from the
same generated rows gives the same 39 marts, row for row.

Keys equal; every number equal to 1e-9 relative; text, dates, times and booleans exact; JSON
compared as parsed values (jsonb orders an object's keys its own way). The org marts'
`created_at` / `updated_at` are the build's own times, so they are left out.
"""

from __future__ import annotations

import pytest

from conftest import (
    MART_SCHEMAS, PROJECT, TRUST_VARS, assert_one_line_error, cli, comparable, mart_difference, marts,
)

BUILD_TIME_COLUMNS = {"created_at", "updated_at"}


@pytest.fixture(scope="module")
def engines_demo(trust):
    """The trust warehouse's sources (the small demo, built on PostgreSQL with as_of_date
    2026-10-31) copied to DuckDB and built there with the same vars."""
    from runner.engines.duckdb import copy_sources

    copy_sources(trust.target(), trust.duckdb_file(), PROJECT)
    built = cli("build", "--target", "duckdb", "--vars", TRUST_VARS, env=trust.env)
    assert built.exit_code == 0, built.output
    return trust, trust.on("duckdb")


def _rows(warehouse, mart: str, columns: list[str], key: list[str]) -> list[tuple]:
    order = ", ".join(key or columns)
    rows = warehouse.query(f"select {', '.join(columns)} from {mart} order by {order}")
    return [tuple(comparable(v) for v in row) for row in rows]


def test_every_mart_is_the_same_on_postgres_and_duckdb(engines_demo):
    postgres, duckdb = engines_demo
    names = marts(postgres)
    assert len(names) == 39 and {name.split(".")[0] for name in names} == set(MART_SCHEMAS)
    differences = []
    for mart in names:
        schema, table = mart.split(".")
        columns = [row[0] for row in postgres.query(
            "select column_name from information_schema.columns where table_schema = %s and table_name = %s"
            " order by ordinal_position", (schema, table))]
        if schema == "marts_org":
            columns = [c for c in columns if c not in BUILD_TIME_COLUMNS]
        key = [row[0] for row in postgres.query(
            "select a.attname from pg_index as i cross join unnest(i.indkey) with ordinality as k (attnum, ord)"
            " join pg_attribute as a on a.attrelid = i.indrelid and a.attnum = k.attnum"
            " where i.indrelid = %s::regclass and i.indisprimary order by k.ord", (mart,))]
        want = _rows(postgres, mart, columns, key)
        got = _rows(duckdb, mart, columns, key)
        differences += [d for d in [mart_difference(mart, columns, want, got, "duckdb")] if d]
    assert not differences, "\n".join(differences)
    # the demo is not empty where it matters: every schema has rows on both engines
    for schema in MART_SCHEMAS:
        counted = duckdb.query(
            "select sum(estimated_size) from duckdb_tables() where schema_name = %s", (schema,))[0][0]
        assert counted and counted > 0, schema


def test_a_tenant_mart_on_duckdb_needs_tenant_isolation_none(fixture_warehouse, tmp_path):
    """DuckDB has no row-level security: a target that does not say `tenant_isolation: none`
    fails the tenant marts with one line naming the model, and builds nothing wrong."""
    profiles = tmp_path / "profiles.yml"
    profiles.write_text(
        "warehouse:\n  target: shared\n  outputs:\n    shared:\n      type: duckdb\n"
        f"      path: {tmp_path / 'shared.duckdb'}\n      threads: 1\n"
    )
    result = cli("build", "--target", "shared", "--profiles-dir", str(tmp_path),
                 "--select", "mart_sales_daily", "--vars", TRUST_VARS, env=fixture_warehouse.env)
    assert result.exit_code != 0
    assert "mart_sales_daily holds rows of several tenants (org_id)" in result.output
    assert "tenant_isolation: none" in result.output
    import duckdb

    with duckdb.connect(str(tmp_path / "shared.duckdb"), read_only=True) as conn:
        built = conn.execute("select count(*) from duckdb_tables() where table_name = 'mart_sales_daily'").fetchone()
    assert built == (0,)


def test_runner_access_refuses_duckdb(fixture_warehouse):
    result = cli("access", "list", "--target", "duckdb", env=fixture_warehouse.env)
    assert_one_line_error(result, "duckdb")


def test_the_profiles_example_names_a_duckdb_target():
    import yaml

    example = yaml.safe_load((PROJECT / "profiles.yml.example").read_text())
    outputs = example["warehouse"]["outputs"]
    local = [o for o in outputs.values() if o.get("type") == "duckdb"]
    assert local and local[0]["tenant_isolation"] == "none" and local[0]["path"].endswith(".duckdb")

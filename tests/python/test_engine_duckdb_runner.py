"""The runner on DuckDB: the built-in `duckdb` target, the copy of the sources from the
embedded PostgreSQL, the build lock, and the commands that need PostgreSQL refusing it.

Real embedded PostgreSQL and real DuckDB files; every expected value is worked out by hand
from the rows and DDL written here (or in runner/sql/).
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import duckdb
import pytest
import yaml

from conftest import PROJECT, assert_one_line_error, cli
from runner import dbt
from runner.config import runner_home
from runner.context import resolve_target
from runner.engines import duckdb as engine

SOURCE_SCHEMAS = ["app", "spendsense", "finance", "aiop", "affiliate"]
PROBE = "duckdb_copy_probe"

PROBE_SQL = rf"""
drop schema if exists {PROBE} cascade;
create schema {PROBE};
create table {PROBE}.tricky (
    id int primary key,
    note text,
    seen_at timestamptz,
    amount numeric(12, 2),
    loose numeric,
    doc jsonb,
    tags text[],
    flag boolean,
    day date,
    local_at timestamp,
    token uuid,
    ratio double precision,
    wait interval
);
insert into {PROBE}.tricky values
    (1, null, '2026-03-01 10:00:00+05:30', 0.10, 1.23456789012345, '{{"n": [1, 2], "a": "x\"y"}}',
     array['a', 'b c', 'q"x', null, '', E'new\nline'], true, '2026-02-28', '2026-03-01 10:00:00',
     'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 0.1, '1 mon 2 days -00:00:01'),
    (2, '', '2026-03-01 00:00:00-08:00', -0.10, null, '{{}}', '{{}}', false, null, null, null, null,
     '-1 days +02:03:00'),
    (3, E'two\nlines, a "quote"\r\nand a comma,', null, null, 12345678901234567890.1234567891, 'null',
     null, null, null, null, null, null, null);
"""


@pytest.fixture()
def probe_project(tmp_path, sql):
    """A project whose five source schema vars all name one schema holding one hand-made
    table, so that copy_sources copies exactly that table (and runner_demo.loads if any)."""
    sql(PROBE_SQL)
    project = tmp_path / "project"
    project.mkdir()
    project_vars = {f"{system}_schema": PROBE for system in SOURCE_SCHEMAS}
    (project / "dbt_project.yml").write_text(yaml.safe_dump({"name": "probe", "vars": project_vars}))
    yield project
    sql(f"drop schema if exists {PROBE} cascade")


def test_copy_sources_round_trips_tricky_values_exactly(warehouse, sql, probe_project, tmp_path):
    path = tmp_path / "copy.duckdb"
    copied = engine.copy_sources(warehouse, path, probe_project)
    assert copied[f"{PROBE}.tricky"] == 3

    conn = duckdb.connect(str(path), read_only=True)
    try:
        columns = conn.execute(
            "select column_name, data_type, is_nullable from information_schema.columns"
            " where table_schema = ? and table_name = 'tricky' order by ordinal_position", [PROBE],
        ).fetchall()
        rows = conn.execute(
            f"select id, note, seen_at, amount, loose, doc, tags, flag, day, local_at, token, ratio,"
            f" cast(wait as varchar) from {PROBE}.tricky order by id"
        ).fetchall()
    finally:
        conn.close()
    assert columns == [
        ("id", "INTEGER", "NO"),  # the primary key's NOT NULL comes along
        ("note", "VARCHAR", "YES"),
        ("seen_at", "TIMESTAMP WITH TIME ZONE", "YES"),
        ("amount", "DECIMAL(12,2)", "YES"),
        ("loose", "DECIMAL(38,10)", "YES"),  # numeric with no precision: 10 decimals, never DOUBLE
        ("doc", "JSON", "YES"),
        ("tags", "VARCHAR[]", "YES"),
        ("flag", "BOOLEAN", "YES"),
        ("day", "DATE", "YES"),
        ("local_at", "TIMESTAMP", "YES"),
        ("token", "UUID", "YES"),
        ("ratio", "DOUBLE", "YES"),
        ("wait", "INTERVAL", "YES"),
    ]
    utc = timezone.utc
    assert rows == [
        (
            1,
            None,  # NULL stays NULL ...
            datetime(2026, 3, 1, 4, 30, tzinfo=utc),  # 10:00 at +05:30 is 04:30 UTC
            Decimal("0.10"),
            Decimal("1.2345678901"),  # 1.23456789012345 rounded to 10 decimals
            '{"a": "x\\"y", "n": [1, 2]}',  # jsonb's own text: keys sorted, the quote escaped
            ["a", "b c", 'q"x', None, "", "new\nline"],
            True,
            date(2026, 2, 28),
            datetime(2026, 3, 1, 10, 0),
            UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
            0.1,
            "1 month 2 days -00:00:01",  # months, days and time kept apart
        ),
        (
            2,
            "",  # ... and the empty string stays empty
            datetime(2026, 3, 1, 8, 0, tzinfo=utc),  # midnight at -08:00 is 08:00 UTC
            Decimal("-0.10"),
            None,
            "{}",
            [],
            False,
            None, None, None, None,
            "-1 day 02:03:00",  # PostgreSQL's '-1 days +02:03:00'
        ),
        (
            3,
            'two\nlines, a "quote"\r\nand a comma,',
            None,
            None,
            Decimal("12345678901234567890.1234567891"),
            "null",  # a JSON null is a value, not a SQL NULL
            None,
            None, None, None, None, None, None,
        ),
    ]

    # a second copy replaces the first: what PostgreSQL no longer has is gone
    sql(f"delete from {PROBE}.tricky where id = 3")
    again = engine.copy_sources(warehouse, path, probe_project)
    assert again[f"{PROBE}.tricky"] == 2
    conn = duckdb.connect(str(path), read_only=True)
    try:
        assert conn.execute(f"select list(id order by id) from {PROBE}.tricky").fetchone()[0] == [1, 2]
    finally:
        conn.close()


def test_sources_init_on_duckdb_makes_the_postgres_source_tables(warehouse, sql):
    first = cli("sources", "init", "--target", "duckdb")
    assert first.exit_code == 0, first.output
    path = runner_home() / "duckdb" / "warehouse.duckdb"
    pg = sql(
        "select n.nspname, c.relname, array_agg(a.attname::text order by a.attnum)"
        " from pg_class as c join pg_namespace as n on n.oid = c.relnamespace"
        " join pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped"
        " where n.nspname = any(%s) and c.relkind in ('r', 'p') and not c.relispartition"
        " group by 1, 2 order by 1, 2",
        (SOURCE_SCHEMAS,),
    )
    conn = duckdb.connect(str(path))
    try:
        duck = conn.execute(
            "select schema_name, table_name, list(column_name order by column_index) from duckdb_columns()"
            " where database_name = current_database() and schema_name in ('app', 'spendsense', 'finance', 'aiop', 'affiliate')"
            " group by 1, 2 order by 1, 2"
        ).fetchall()
        counts = dict(conn.execute(
            "select schema_name, count(*) from duckdb_tables() where schema_name in"
            " ('app', 'spendsense', 'finance', 'aiop', 'affiliate') group by 1"
        ).fetchall())
        users = conn.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_schema = 'app' and table_name = 'users' order by ordinal_position"
        ).fetchall()
        conn.execute("insert into app.users (id, created_at, is_active, email_validated)"
                     " values (999001, timestamptz '2026-01-01 00:00:00+00', true, false)")
    finally:
        conn.close()
    assert [(s, t, list(c)) for s, t, c in duck] == [(s, t, list(c)) for s, t, c in pg]
    # app 7, spendsense 6, finance 6, aiop 23, affiliate 3 + the 4 bronze tables (one table
    # each: partitions are PostgreSQL's business)
    assert counts == {"app": 7, "spendsense": 6, "finance": 6, "aiop": 23, "affiliate": 7}
    # runner/sql/app.sql: users (id serial, email text, password_hash text, display_name text,
    # login_attempts int, created_at timestamptz, is_active boolean, email_validated boolean)
    assert users == [
        ("id", "INTEGER"), ("email", "VARCHAR"), ("password_hash", "VARCHAR"), ("display_name", "VARCHAR"),
        ("login_attempts", "INTEGER"), ("created_at", "TIMESTAMP WITH TIME ZONE"),
        ("is_active", "BOOLEAN"), ("email_validated", "BOOLEAN"),
    ]

    second = cli("sources", "init", "--target", "duckdb")
    assert second.exit_code == 0, second.output
    assert "nothing changed" in second.output
    conn = duckdb.connect(str(path))
    try:  # never drops or empties a table
        assert conn.execute("select count(*) from app.users where id = 999001").fetchone() == (1,)
        conn.execute("delete from app.users where id = 999001")
    finally:
        conn.close()


@pytest.mark.parametrize("command", [["access", "list"], ["access", "grant", "dash", "--org", "1"],
                                     ["access", "revoke", "dash", "--org", "1"], ["db", "url"]],
                         ids=lambda c: " ".join(c))
def test_commands_that_need_postgres_refuse_a_duckdb_target(command):
    result = cli(*command, "--target", "duckdb")
    assert_one_line_error(result, f"runner {' '.join(command[:2])} needs PostgreSQL; target duckdb is duckdb")


def test_a_duckdb_target_of_the_users_profile_is_refused_too(tmp_path):
    (tmp_path / "profiles.yml").write_text(
        "warehouse:\n  target: local\n  outputs:\n"
        f"    local: {{type: duckdb, path: {tmp_path / 'local.duckdb'}, threads: 1}}\n"
    )
    result = cli("access", "list", "--target", "local", "--profiles-dir", str(tmp_path))
    assert_one_line_error(result, "runner access list needs PostgreSQL; target local is duckdb")


def test_builtin_duckdb_profile_says_tenant_isolation_none_and_the_var_is_passed():
    target = resolve_target("duckdb", None, PROJECT)
    home = runner_home() / "duckdb"
    profile = yaml.safe_load((home / "profiles.yml").read_text())
    assert profile == {"warehouse": {"target": "duckdb", "outputs": {"duckdb": {
        "type": "duckdb", "path": str(home / "warehouse.duckdb"), "threads": 1, "tenant_isolation": "none",
    }}}}
    assert (target.engine, target.path, target.profiles_dir, target.tenant_isolation) == (
        "duckdb", home / "warehouse.duckdb", home, "none")

    args = dbt._args(["build"], target, PROJECT, None)
    assert json.loads(args[args.index("--vars") + 1]) == {"tenant_isolation": "none"}
    args = dbt._args(["build"], target, PROJECT, dbt.merge_vars("{as_of_date: 2026-10-31}", project=PROJECT))
    assert json.loads(args[args.index("--vars") + 1]) == {"as_of_date": "2026-10-31", "tenant_isolation": "none"}

    # the var is checked like any other, and a --vars that contradicts the profile is named
    assert_one_line_error(cli("build", "--target", "duckdb", "--vars", "{tenant_isolation: partial}"),
                          "tenant_isolation", "partial")
    assert_one_line_error(cli("build", "--target", "duckdb", "--vars", "{tenant_isolation: enforced}"),
                          "contradicts target duckdb")


def test_a_users_duckdb_profile_is_used_as_written(tmp_path):
    (tmp_path / "profiles.yml").write_text(
        "warehouse:\n  target: duckdb\n  outputs:\n"
        f"    duckdb: {{type: duckdb, path: {tmp_path / 'mine.duckdb'}, threads: 4}}\n"
        f"    open: {{type: duckdb, path: {tmp_path / 'open.duckdb'}, threads: 1, tenant_isolation: none}}\n"
        f"    odd: {{type: duckdb, path: {tmp_path / 'odd.duckdb'}, threads: 1, tenant_isolation: sometimes}}\n"
    )
    mine = resolve_target("duckdb", str(tmp_path), PROJECT)  # the user's own `duckdb` wins over the built-in
    assert (mine.engine, mine.path, mine.tenant_isolation) == ("duckdb", tmp_path / "mine.duckdb", None)
    assert "--vars" not in dbt._args(["build"], mine, PROJECT, None)  # its profile does not say none
    opened = resolve_target("open", str(tmp_path), PROJECT)
    args = dbt._args(["build"], opened, PROJECT, None)
    assert json.loads(args[args.index("--vars") + 1]) == {"tenant_isolation": "none"}
    assert_one_line_error(cli("build", "--target", "odd", "--profiles-dir", str(tmp_path)),
                          "target 'odd' has tenant_isolation: sometimes")


def test_a_second_build_on_the_duckdb_file_fails_fast_naming_the_first():
    target = resolve_target("duckdb", None, PROJECT)
    with engine.build_lock(target, what="build held by the test"):
        result = cli("build", "--target", "duckdb")
    assert_one_line_error(result, "another runner is already writing to", str(target.path),
                          f"runner build held by the test (pid {os.getpid()})")
    with engine.build_lock(target, what="build"):  # released: the next one gets it at once
        pass


def test_a_build_on_the_builtin_duckdb_passes_the_var_and_prints_the_marts():
    result = cli("build", "--target", "duckdb", "--select", "motivation_intent_map")
    assert result.exit_code == 0, result.output
    run = json.loads((Path(os.environ["DBT_TARGET_PATH"]) / "run_results.json").read_text())
    assert run["args"]["target"] == "duckdb"
    assert run["args"]["vars"] == {"tenant_isolation": "none", "test_scope": "window"}
    path = runner_home() / "duckdb" / "warehouse.duckdb"
    assert f"marts in {path}" in result.output
    assert f"duckdb -readonly {path}" in result.output
    # the build let go of the file: another process may open it now
    conn = duckdb.connect(str(path), read_only=True)
    try:
        assert conn.execute("select count(*) from reference.motivation_intent_map").fetchone()[0] > 0
    finally:
        conn.close()


def test_load_demo_on_duckdb_copies_every_table_of_the_embedded_database(new_home):
    home = new_home("duckdb-load")
    env = {"RUNNER_HOME": str(home)}
    result = cli("sources", "load-demo", "--target", "duckdb", env=env)
    assert result.exit_code == 0, result.output
    pg_counts = {}
    import psycopg

    from conftest import FixtureWarehouse

    warehouse = FixtureWarehouse(home)
    with psycopg.connect(**warehouse.target().conninfo(), autocommit=True) as conn:
        tables = conn.execute(
            "select format('%%I.%%I', n.nspname, c.relname) from pg_class as c"
            " join pg_namespace as n on n.oid = c.relnamespace"
            " where n.nspname = any(%s) and c.relkind in ('r', 'p') and not c.relispartition",
            (SOURCE_SCHEMAS + ["runner_demo"],),
        ).fetchall()
        for (table,) in tables:
            pg_counts[table] = conn.execute(f"select count(*) from {table}").fetchone()[0]
    conn = duckdb.connect(str(home / "duckdb" / "warehouse.duckdb"), read_only=True)
    try:
        duck_counts = {table: conn.execute(f"select count(*) from {table}").fetchone()[0] for table in pg_counts}
    finally:
        conn.close()
    assert duck_counts == pg_counts
    assert len(pg_counts) == 50  # 49 source tables and runner_demo.loads
    assert pg_counts["runner_demo.loads"] == 5  # one load per source schema
    assert f"copied {sum(pg_counts.values()):,} rows of 50 tables" in result.output


@pytest.mark.slow
def test_demo_on_duckdb_builds_every_model_and_prints_the_marts(new_home):
    home = new_home("duckdb-demo")
    result = cli("demo", "--engine", "duckdb", env={"RUNNER_HOME": str(home)})
    assert "copied app " in result.output
    assert "building every model and test on DuckDB (as_of_date 2026-10-31)" in result.output
    assert result.exit_code == 0, result.output[-4000:]
    path = home / "duckdb" / "warehouse.duckdb"
    assert f"marts in {path}" in result.output
    conn = duckdb.connect(str(path), read_only=True)
    try:
        schemas = {row[0] for row in conn.execute("select distinct schema_name from duckdb_tables()").fetchall()}
    finally:
        conn.close()
    assert {"marts_product", "marts_personalization", "marts_finance", "marts_org", "marts_affiliate"} <= schemas

"""Demo generation: systems loaded side by side give the rows of a load on one connection,
the keys and indexes dropped for the load come back as declared, and the cheaper SQL
expressions the generators use give the values of the plain ones."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import psycopg

from conftest import cli
from runner.demo import GENERATORS, load_delta, load_demo
from runner.demo.random import money, uniform
from runner.sources import source_schemas

PROJECT = Path(__file__).resolve().parents[2]
SCHEMAS = ["app", "spendsense", "finance", "aiop", "affiliate"]


def _load(warehouse, seed: int, workers: int) -> tuple[dict[str, int], list[tuple[str, dict[str, int]]]]:
    reports = []
    with psycopg.connect(**warehouse.conninfo(), autocommit=True) as conn:
        rows = load_demo(
            conn, source_schemas(PROJECT), 300, seed, workers=workers,
            report=lambda system, added, seconds: reports.append((system, added)),
        )
    return rows, reports


def _checksums(sql) -> dict[str, str]:
    """md5 of every source table's rows (as text, ordered), and every sequence's last value."""
    sums = {}
    for schema, table in sql(
        "select table_schema, table_name from information_schema.tables"
        " where table_schema = any(%s) and table_type = 'BASE TABLE' order by 1, 2",
        (SCHEMAS,),
    ):
        sums[f"{schema}.{table}"] = sql(
            f'select md5(coalesce(string_agg(t::text, \'|\' order by t::text), \'\')) from "{schema}"."{table}" as t'
        )[0][0]
    for schema, sequence, last_value in sql(
        "select schemaname, sequencename, last_value from pg_sequences where schemaname = any(%s) order by 1, 2",
        (SCHEMAS,),
    ):
        sums[f"{schema}.{sequence}"] = str(last_value)
    return sums


def _catalog(sql) -> dict[str, list]:
    """The keys, constraints and indexes of the source tables (the monthly bronze partitions,
    which loads add, left out)."""
    monthly = r"_\d{4}_\d{2}$"
    return {
        "indexes": sql(
            "select schemaname, tablename, indexname, indexdef from pg_indexes"
            " where schemaname = any(%s) and tablename !~ %s order by 1, 2, 3",
            (SCHEMAS, monthly),
        ),
        "constraints": sql(
            "select n.nspname, c.relname, con.conname, pg_get_constraintdef(con.oid) from pg_constraint as con"
            " join pg_class as c on c.oid = con.conrelid join pg_namespace as n on n.oid = c.relnamespace"
            " where n.nspname = any(%s) and c.relname !~ %s order by 1, 2, 3",
            (SCHEMAS, monthly),
        ),
    }


def test_systems_loaded_side_by_side_give_the_rows_of_one_connection(warehouse, sql):
    assert cli("sources", "init").exit_code == 0
    declared = _catalog(sql)
    rows, reports = _load(warehouse, seed=5, workers=1)
    one = _checksums(sql)
    assert _catalog(sql) == declared  # every key and index dropped for the load is back, as declared
    side_by_side, parallel_reports = _load(warehouse, seed=5, workers=2)
    assert _checksums(sql) == one
    # the same rows per table, in the same order, reported system by system in the same order
    assert list(side_by_side.items()) == list(rows.items())
    assert parallel_reports == reports
    assert [system for system, _ in reports] == list(GENERATORS)
    assert _catalog(sql) == declared
    # and the next day's delta appends to it as before
    with psycopg.connect(**warehouse.conninfo(), autocommit=True) as conn:
        added = load_delta(conn, source_schemas(PROJECT), 300, 5)
    assert added["app.user_events"] > 0 and added["affiliate.bronze_trades"] > 0


def test_a_seed_gives_known_rows_and_ids_without_gaps(warehouse, sql):
    assert cli("sources", "init").exit_code == 0
    _load(warehouse, seed=7, workers=2)
    # app user 1: its email and password hash are md5('pw' || id || seed)
    assert sql("select email, password_hash from app.users where id = 1") == [
        ("user1@example.com", "$2b$12$" + hashlib.md5(b"pw17").hexdigest())
    ]
    # finance: the first transaction (key 1 * 256 + 1) of the first user (key 1)
    first = str(uuid.UUID(hashlib.md5(b"fin-transaction:7:257").hexdigest()))
    user = str(uuid.UUID(hashlib.md5(b"fin-user:7:1").hexdigest()))
    assert sql("select user_id::text from finance.transactions where id = %s", (first,)) == [(user,)]
    # an API transaction names one of its own user's connections
    assert sql(
        "select count(*) from finance.transactions as t left join finance.connections as c"
        " on c.id = t.connection_id and c.user_id = t.user_id where t.source = 'API' and c.id is null"
    ) == [(0,)]
    assert sql("select count(*) from finance.transactions where source = 'API'")[0][0] > 0
    # numbered tables have ids 1..n, and their sequence stands at n
    for table in ("app.user_events", "app.transactions", "app.l1_transaction_facts"):
        count, low, high = sql(f"select count(*), min(id), max(id) from {table}")[0]
        assert (low, high) == (1, count)
        assert sql(
            "select last_value from pg_sequences where schemaname || '.' || sequencename"
            " = pg_get_serial_sequence(%s, 'id')",
            (table,),
        ) == [(count,)]


def test_money_rounds_a_float_as_the_numeric_cast_does(sql):
    # float8 -> numeric keeps 15 significant digits, then round() goes half away from zero:
    # 1.005 is 1.00499999999999989... as a float, 1.00500000000000 as numeric, so 1.01
    values = ["1.005", "2.675", "0.125", "5", "-0.005", "0.994999", "1234.5678", "123456.785"]
    expected = ["1.01", "2.68", "0.13", "5.00", "-0.01", "0.99", "1234.57", "123456.79"]
    got = [sql(f"select ({money(value + '::float8')})::text")[0][0] for value in values]
    assert got == expected
    # and over 200,000 draws, value and scale alike
    assert sql(
        f"select count(*) from (select {money('x')} as fast, round(x::numeric, 2) as plain"
        f" from (select 1000 * {uniform('g', 1, 1)} as x from generate_series(1, 200000) as g) as draws) as t"
        " where fast::text <> plain::text"
    ) == [(0,)]


def test_a_draw_is_the_hash_scaled_by_two_to_the_minus_64(sql):
    assert sql(
        f"select count(*) from generate_series(1, 200000) as g where {uniform('g', 3, 11)}"
        " <> hashint8extended(g::bigint, 11 * 7919 + 3)::float8 / 18446744073709551616.0 + 0.5"
    ) == [(0,)]

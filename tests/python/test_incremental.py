"""Every incremental model gives exactly the rows a full refresh gives.

On the small demo: a full build, then a 1% delta (the next day's load with late arrivals
and records loaded again), an incremental build, and a --full-refresh build of the same
data; every mart must be the same row for row.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import psycopg
import pytest

from conftest import FixtureWarehouse, checksums, cli

# every test here builds the demo warehouse (more than once): the full suite, not the fast tier
pytestmark = pytest.mark.slow

END = "2026-10-31"
NEXT = '{"as_of_date": "2026-11-01"}'


@pytest.fixture(scope="module")
def grown(new_home):
    home = new_home("incremental")
    warehouse = FixtureWarehouse(home)
    assert cli("sources", "load-demo", "--scale", "small", env=warehouse.env).exit_code == 0
    first = cli("build", "--vars", f'{{"as_of_date": "{END}"}}', env=warehouse.env)
    assert first.exit_code == 0, first.output
    before = checksums(warehouse)
    delta = cli("sources", "load-demo", "--scale", "small", "--delta", "0.01", env=warehouse.env)
    assert delta.exit_code == 0, delta.output
    _keep_a_copy(warehouse)
    incremental = cli("build", "--vars", NEXT, env=warehouse.env)
    assert incremental.exit_code == 0, incremental.output
    _windowed_tests.update(_tests_reading_a_window())
    return warehouse, before, incremental.output


_windowed_tests: dict[str, str] = {}


def _tests_reading_a_window() -> dict[str, str]:
    """The data tests of the latest build that read only a written window: test -> SQL."""
    results = json.loads((Path(os.environ["DBT_TARGET_PATH"]) / "run_results.json").read_text())
    return {
        result["unique_id"]: result["compiled_code"]
        for result in results["results"]
        if result["unique_id"].startswith("test.")
        and re.search(r'"[a-z0-9_]+" >= (timestamptz |cast\()', result.get("compiled_code") or "")
    }


BUILT_SCHEMAS = ("intermediate", "marts_product", "marts_personalization", "marts_finance", "marts_org", "marts_affiliate")


def _keep_a_copy(warehouse) -> None:
    """Every built table as it was before the next build, in schema `before_build`."""
    with psycopg.connect(**warehouse.target().conninfo(), autocommit=True) as conn, conn.transaction():
        conn.execute("drop schema if exists before_build cascade")
        conn.execute("create schema before_build")
        tables = conn.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_type = 'BASE TABLE' and table_schema = any(%s)", (list(BUILT_SCHEMAS),)
        ).fetchall()
        for schema, table in tables:
            conn.execute(f'create table before_build."{table}" as select * from "{schema}"."{table}"')


def _written_windows(warehouse) -> list[tuple[str, str, str]]:
    """(schema, table, predicate) of every model that built incrementally in the latest build."""
    return warehouse.query(
        "select t.table_schema, t.table_name, w.predicate"
        " from incremental_state.written_windows as w"
        " join information_schema.tables as t on t.table_name = split_part(w.model_id, '.', 3)"
        " and t.table_schema = any(%s)"
        " where w.invocation_id = (select invocation_id from incremental_state.written_windows"
        " order by recorded_at desc limit 1)",
        (list(BUILT_SCHEMAS),),
    )


def test_the_delta_changes_the_marts(grown):
    warehouse, before, _ = grown
    after = checksums(warehouse)
    changed = [mart for mart in before if before[mart] != after.get(mart)]
    assert len(changed) > 10  # new rows, a new day and late data reach most marts


def test_incremental_models_only_touched_what_the_delta_brought(grown):
    warehouse, _, _ = grown
    # rows of days the delta did not touch keep the load time of the first build
    loads = warehouse.query(
        "select count(distinct loaded_at), count(*) filter (where loaded_at = (select max(loaded_at)"
        " from intermediate.int_app_user_activity_daily)), count(*) from intermediate.int_app_user_activity_daily"
    )[0]
    assert loads[0] == 2 and 0 < loads[1] < loads[2] / 5


@pytest.mark.parametrize("table", ["customers", "deposits", "trades", "assets"])
def test_affiliate_validation_judged_only_the_records_the_delta_touched(grown, table):
    warehouse, _, _ = grown
    model = f"intermediate.int_affiliate_{table}_validated"
    builds, judged_again, total = warehouse.query(
        f"select count(distinct computed_at), count(*) filter (where computed_at = (select max(computed_at) from {model})),"
        f" count(*) from {model}"
    )[0]
    # the first build judged every load; the incremental one only the loads of records the
    # next day's loads touched (and, for a client's records, clients judged again)
    assert builds == 2 and 0 < judged_again < total / 5, (builds, judged_again, total)


def test_affiliate_period_metrics_recomputed_only_the_window(grown):
    warehouse, _, _ = grown
    model = "intermediate.int_affiliate_period_metrics_aggregated"
    builds, first_recomputed, recomputed, kept_after, total = warehouse.query(
        f"with latest as (select max(computed_at) as computed_at from {model})"
        f" select count(distinct m.computed_at),"
        f" min(m.period_start) filter (where m.computed_at = latest.computed_at),"
        f" count(*) filter (where m.computed_at = latest.computed_at),"
        f" count(*) filter (where m.computed_at < latest.computed_at and m.period_start >= date '2026-10-01'),"
        f" count(*) from {model} as m cross join latest"
    )[0]
    # the delta's late records are at most a few days old: the window starts at the start
    # of October (the month of the oldest date it touches), so every October period and the
    # new day are recomputed and every period before October keeps the first build's time
    assert builds == 2 and kept_after == 0, (builds, kept_after)
    assert str(first_recomputed) == "2026-10-01" and 0 < recomputed < total / 5, (first_recomputed, recomputed, total)


def test_each_windowed_model_rewrote_only_its_window(grown):
    warehouse, _, _ = grown
    windows = _written_windows(warehouse)
    # every incremental model that says which rows a build writes recorded its window
    names = {table for _, table, _ in windows}
    assert {"int_app_user_activity_daily", "int_affiliate_period_metrics_aggregated"} <= names, names
    _assert_rows_outside_windows_unchanged(warehouse, windows)
    for schema, table, predicate in windows:
        inside, total = warehouse.query(
            f'select count(*) filter (where {predicate}), count(*) from "{schema}"."{table}"'
        )[0]
        # a day's delta rewrites a small part of the history (nothing, where it brought
        # nothing: this delta is the app's and the affiliate platform's)
        assert inside < total, (table, predicate, inside, total)
        if table in ("int_app_user_activity_daily", "int_affiliate_period_metrics_aggregated"):
            assert inside > 0, (table, predicate)


def _assert_rows_outside_windows_unchanged(warehouse, windows) -> None:
    """No row outside a build's window is new or changed, and none is gone unless the build
    rewrote it: a window of dates (`period_start >= ...`) keeps every older row as it was; a
    build stamp (`computed_at >= <the build's start>`) has no earlier row inside it, and a
    row it rewrote (a record re-judged with its other loads) leaves the old stamp behind."""
    for schema, table, predicate in windows:
        added, gone, inside_before, inside_after = warehouse.query(
            f'select (select count(*) from ((select * from "{schema}"."{table}" where not ({predicate}))'
            f'  except all (select * from before_build."{table}")) as a),'
            f' (select count(*) from ((select * from before_build."{table}" where not ({predicate}))'
            f'  except all (select * from "{schema}"."{table}" where not ({predicate}))) as g),'
            f' (select count(*) from before_build."{table}" where {predicate}),'
            f' (select count(*) from "{schema}"."{table}" where {predicate})'
        )[0]
        assert added == 0, (table, predicate, added)
        if inside_before:  # a window of dates: the rows before it are kept exactly
            assert gone == 0, (table, predicate, gone)
        else:  # a build stamp: a row gone from before the window was written again in it
            assert gone <= inside_after, (table, predicate, gone, inside_after)


def test_the_first_daily_build_after_a_full_one_tests_only_what_it_wrote(grown):
    # the daily build right after the full one: its window table did not exist when the
    # build started, and its tests still read only the rows each incremental model wrote
    finance_key = "test.warehouse.unique_int_finance_transactions_loaded_transaction_id"
    tested = {name.split(".")[2]: sql for name, sql in _windowed_tests.items()}
    assert finance_key.split(".")[2] in tested, sorted(tested)
    assert '"loaded_at" >= ' in tested[finance_key.split(".")[2]]
    assert len(tested) >= 20, sorted(tested)


def test_a_daily_build_tests_the_rows_it_wrote_and_full_tests_test_all_history(grown):
    warehouse, _, _ = grown
    model = "intermediate.int_affiliate_customers_validated"
    # a bad value in a row an earlier build wrote (outside any later build's window)
    ((row, status),) = warehouse.query(
        f"select ctid::text, version_status from {model}"
        f" where computed_at < (select max(computed_at) from {model}) limit 1"
    )
    warehouse.query(f"update {model} set version_status = 'bogus' where ctid = '{row}'::tid")
    try:
        select = ("--select", "int_affiliate_customers_validated")
        daily = cli("build", *select, "--vars", '{"as_of_date": "2026-11-01", "test_scope": "window"}',
                    env=warehouse.env)
        assert daily.exit_code == 0, daily.output  # its tests read only the rows this build wrote
        weekly = cli("build", *select, "--full-tests", "--vars", NEXT, env=warehouse.env)
        assert weekly.exit_code == 1, weekly.output
        assert "accepted_values_int_affiliate_customers_validated_version_status" in weekly.output
    finally:
        warehouse.query(f"update {model} set version_status = %s where version_status = 'bogus'", (status,))


def test_an_incremental_build_equals_a_full_refresh(grown):
    warehouse, _, _ = grown
    incremental = checksums(warehouse)
    full = cli("build", "--full-refresh", "--vars", NEXT, env=warehouse.env)
    assert full.exit_code == 0, full.output
    refreshed = checksums(warehouse)
    assert {mart: (incremental[mart], refreshed.get(mart)) for mart in incremental
            if incremental[mart] != refreshed.get(mart)} == {}
    assert set(refreshed) == set(incremental)


# ----- inputs that are replaced, arrive late, start late or change in place ------------------

AS_OF = f'{{"as_of_date": "{END}"}}'
BUILD_TIMES = ("created_at", "updated_at")  # the org marts' audit columns: when a build wrote a row


def test_reloading_other_data_gives_the_marts_of_a_fresh_warehouse(new_home):
    reloaded = FixtureWarehouse(new_home("reloaded"))
    for seed in ("8", "7"):
        loaded = cli("sources", "load-demo", "--scale", "300", "--seed", seed, env=reloaded.env)
        assert loaded.exit_code == 0, loaded.output
        built = cli("build", "--vars", AS_OF, env=reloaded.env)
        assert built.exit_code == 0, built.output
    # the second build said what it rebuilt and why
    assert "rebuilding int_app_user_activity_daily in full: app.user_events was truncated or rewritten" in built.output
    assert "rebuilding int_affiliate_customers_validated in full" in built.output
    fresh = FixtureWarehouse(new_home("fresh"))
    assert cli("sources", "load-demo", "--scale", "300", "--seed", "7", env=fresh.env).exit_code == 0
    first = cli("build", "--vars", AS_OF, env=fresh.env)
    assert first.exit_code == 0, first.output
    assert "rebuilding" not in first.output  # a first build has nothing to rebuild
    mine, theirs = checksums(reloaded, BUILD_TIMES), checksums(fresh, BUILD_TIMES)
    assert {mart: (mine[mart], theirs.get(mart)) for mart in mine if mine[mart] != theirs.get(mart)} == {}
    assert len(mine) == 39


# part 1 is the demo less what part 2 brings; each is put in place with truncate and insert,
# so that the first build sees no update or delete in its inputs
HOLD_BACK = {
    # the newest users (with their tokens), events, legacy transactions and facts: their
    # timestamps fall anywhere in the history, so part 2 brings late rows with old times
    "app.users": "id > (select percentile_disc(0.9) within group (order by id) from app.users)",
    "app.l0_user_tokenization": "internal_user_id > (select percentile_disc(0.9) within group (order by id) from app.users)",
    "app.user_events": "id > (select percentile_disc(0.95) within group (order by id) from app.user_events)",
    "app.transactions": "id > (select percentile_disc(0.95) within group (order by id) from app.transactions)",
    "app.l1_transaction_facts": "id > (select percentile_disc(0.95) within group (order by id) from app.l1_transaction_facts)",
    # the asset feed starts after the first build; one affiliate's account arrives late
    "affiliate.bronze_assets": "true",
    "affiliate.affiliate_accounts": "affiliate_id = (select max(affiliate_id) from affiliate.affiliate_accounts)",
    # the last two days of customer, deposit and trade loads (new records and records loaded again)
    "affiliate.bronze_customers": "load_timestamp > (select max(load_timestamp) - interval '2 days' from affiliate.bronze_customers)",
    "affiliate.bronze_deposits": "load_timestamp > (select max(load_timestamp) - interval '2 days' from affiliate.bronze_deposits)",
    "affiliate.bronze_trades": "load_timestamp > (select max(load_timestamp) - interval '2 days' from affiliate.bronze_trades)",
    # every other domain: the newest tenth of uploads, recommendations, persona changes and
    # finance transactions; an eighth of the org systems' records from anywhere in their
    # history (late records with old dates, stamped with the time part 2 is loaded: RESTAMP),
    # and the last days of a daily feed
    "spendsense.data_uploads":
        "created_at > (select percentile_disc(0.9) within group (order by created_at) from spendsense.data_uploads)",
    "spendsense.recommendations":
        "created_at > (select percentile_disc(0.9) within group (order by created_at) from spendsense.recommendations)",
    "spendsense.persona_history":
        "assigned_at > (select percentile_disc(0.9) within group (order by assigned_at) from spendsense.persona_history)",
    # finance: the last 36 hours of transactions, and a sixteenth of the 2 days before them
    # (late: older than the newest row part 1 holds, within finance_transactions_lookback_days)
    "finance.transactions":
        "created_at > (select max(created_at) - interval '36 hours' from finance.transactions)"
        " or (created_at > (select max(created_at) - interval '84 hours' from finance.transactions)"
        " and md5(id::text) < '1')",
    "aiop.qb_journal_lines": "md5(txn_id::text) < '2'",
    "aiop.zoom_meetings": "md5(meeting_uuid::text) < '2'",
    "aiop.case_data_summary_nophi": "md5(case_id::text) < '2'",
    "aiop.ga4_daily": "report_date > (select max(report_date) - 3 from aiop.ga4_daily)",
}
# the org systems' load time column: part 2's rows get the time they are loaded
RESTAMP = {table: "_loaded_at" for table in HOLD_BACK if table.startswith("aiop.")}
IN_PLACE = {
    # a user's email validated, or an account deactivated; an event corrected; a load retried
    "app.users": "update app.users set email_validated = not email_validated, is_active = id % 3 <> 0 where id % 7 = 0",
    "app.user_events": "update app.user_events set event_type = 'dashboard_access' where id % 53 = 0 and event_type = 'login'",
    "affiliate.bronze_trades": "update affiliate.bronze_trades set load_status = 'loaded', error_message = null"
                               " where load_status = 'failed'",
}


def _split(warehouse) -> dict[str, int]:
    held = {}
    with psycopg.connect(**warehouse.target().conninfo(), autocommit=True) as conn:
        conn.execute("drop schema if exists part2 cascade")
        conn.execute("create schema part2")
        with conn.transaction():
            for table, condition in HOLD_BACK.items():
                name = table.replace(".", "__")
                conn.execute(f"create table part2.{name} as select * from {table} where {condition}")
                conn.execute(f"create table part2.keep_{name} as select * from {table} where not ({condition})")
            for table in HOLD_BACK:
                name = table.replace(".", "__")
                conn.execute(f"truncate {table}")
                conn.execute(f"insert into {table} select * from part2.keep_{name}")
                held[table] = conn.execute(f"select count(*) from part2.{name}").fetchone()[0]
    return held


def _changes(conn, table: str) -> int:
    return conn.execute(
        "select coalesce(sum(s.n_tup_upd + s.n_tup_del), 0) from pg_stat_all_tables as s"
        " where s.relid = %s::regclass or s.relid in (select relid from pg_partition_tree(%s::regclass))",
        (table, table),
    ).fetchone()[0]


def _equal_to_a_full_refresh(warehouse) -> None:
    incremental = checksums(warehouse)
    full = cli("build", "--full-refresh", "--vars", AS_OF, env=warehouse.env)
    assert full.exit_code == 0, full.output
    refreshed = checksums(warehouse)
    assert {mart: (incremental[mart], refreshed.get(mart)) for mart in incremental
            if incremental[mart] != refreshed.get(mart)} == {}
    assert len(refreshed) == 39


def test_sources_that_arrive_in_parts_give_the_marts_of_a_full_build(new_home):
    warehouse = FixtureWarehouse(new_home("parts"))
    assert cli("sources", "load-demo", "--scale", "300", "--seed", "11", env=warehouse.env).exit_code == 0
    held = _split(warehouse)
    assert all(count > 0 for count in held.values()), held
    first = cli("build", "--vars", AS_OF, env=warehouse.env)
    assert first.exit_code == 0, first.output
    assert warehouse.query("select count(*) from marts_affiliate.silver_assets") == [(0,)]

    # part 2: appended rows only, so every incremental model builds incrementally
    with psycopg.connect(**warehouse.target().conninfo(), autocommit=True) as conn, conn.transaction():
        for table in HOLD_BACK:
            if table in RESTAMP:
                conn.execute(f"update part2.{table.replace('.', '__')} set {RESTAMP[table]} = now()")
            conn.execute(f"insert into {table} select * from part2.{table.replace('.', '__')}")
    _keep_a_copy(warehouse)
    second = cli("build", "--vars", AS_OF, env=warehouse.env)
    assert second.exit_code == 0, second.output
    assert "rebuilding" not in second.output
    _assert_rows_outside_windows_unchanged(warehouse, _written_windows(warehouse))
    assert warehouse.query("select count(*) > 0 from marts_affiliate.silver_assets") == [(True,)]
    _equal_to_a_full_refresh(warehouse)

    # part 3: rows changed in place: the models that read them are rebuilt in full, and say so
    with psycopg.connect(**warehouse.target().conninfo(), autocommit=True) as conn:
        before = {table: _changes(conn, table) for table in IN_PLACE}
        changed = {table: conn.execute(statement).rowcount for table, statement in IN_PLACE.items()}
    assert all(changed.values()), changed
    deadline = time.monotonic() + 30  # the server publishes a session's counts when it ends
    with psycopg.connect(**warehouse.target().conninfo(), autocommit=True) as conn:
        while any(_changes(conn, table) < before[table] + changed[table] for table in IN_PLACE):
            assert time.monotonic() < deadline, "the update counts never reached the statistics"
            time.sleep(0.2)
            conn.execute("select pg_stat_clear_snapshot()")
    third = cli("build", "--vars", AS_OF, env=warehouse.env)
    assert third.exit_code == 0, third.output
    assert re.search(r"rebuilding int_app_user_activity_daily in full: .*rows of app.user_events were updated", third.output)
    assert re.search(r"rebuilding int_affiliate_trades_validated in full: .*rows of affiliate.bronze_trades were updated",
                     third.output)
    assert "rebuilding int_affiliate_customers_validated" not in third.output  # its inputs only grew
    _equal_to_a_full_refresh(warehouse)

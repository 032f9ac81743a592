"""Every incremental model gives exactly the rows a full refresh gives.

On the small demo: a full build, then a 1% delta (the next day's load with late arrivals
and records loaded again), an incremental build, and a --full-refresh build of the same
data; every mart must be the same row for row.
"""

from __future__ import annotations

import re
import time

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
    incremental = cli("build", "--vars", NEXT, env=warehouse.env)
    assert incremental.exit_code == 0, incremental.output
    return warehouse, before, incremental.output


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
    assert len(mine) == 38


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
}
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
    assert len(refreshed) == 38


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
            conn.execute(f"insert into {table} select * from part2.{table.replace('.', '__')}")
    second = cli("build", "--vars", AS_OF, env=warehouse.env)
    assert second.exit_code == 0, second.output
    assert "rebuilding" not in second.output
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

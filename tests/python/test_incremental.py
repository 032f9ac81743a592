"""Every incremental model gives exactly the rows a full refresh gives.

On the small demo: a full build, then a 1% delta (the next day's load with late arrivals
and records loaded again), an incremental build, and a --full-refresh build of the same
data; every mart must be the same row for row.
"""

from __future__ import annotations

import pytest

from conftest import FixtureWarehouse, checksums, cli

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

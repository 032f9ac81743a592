"""A build skips the domains with nothing new, chooses its settings for the machine, and
passes test_scope.

The skip decision on a small hand-made manifest (fast); then on the embedded PostgreSQL
with demo data, a project copy of its own (others may edit the checkout meanwhile) and
dbt for real: a second build skips every domain, a changed source rebuilds its domain
only, a new as_of_date rebuilds everything, --all skips nothing (slow).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

import psycopg
import pytest

from conftest import COPY_IGNORE, PROJECT, FixtureWarehouse, cli, traversable_dir
from runner import skip
from runner.config import Target
from runner.errors import RunnerError
from runner.settings import choose, env_overrides, parse_size

GB = 1024 ** 3
AS_OF = '{"as_of_date": "2026-10-31"}'
NEXT = '{"as_of_date": "2026-11-01"}'


# ----- the settings chooser: RAM and CPUs -> threads and memory, worked out by hand ---------------


@pytest.mark.parametrize("ram_gb, cpus, threads, work_mem, maintenance", [
    # threads = 2 x CPUs, at most 16; work_mem = RAM/4 / (threads * 4),
    # maintenance_work_mem = RAM/4 / threads, each 64MB..1GB
    (16, 4, 8, 128, 512),    # 4096MB / 32 = 128; 4096 / 8 = 512
    (4, 2, 4, 64, 256),      # 1024 / 16 = 64; 1024 / 4 = 256
    (2, 1, 2, 64, 256),      # 512 / 8 = 64; 512 / 2 = 256
    (64, 32, 16, 256, 1024),  # threads at most 16: 16384 / 64 = 256; 16384 / 16 = 1024
    (1, 16, 16, 64, 64),     # 256 / 64 = 4 -> 64MB; 256 / 16 = 16 -> 64MB
    (24, 2, 4, 384, 1024),   # 6144 / 16 = 384; 6144 / 4 = 1536 -> 1GB
    (512, 64, 16, 1024, 1024),  # 131072 / 64 = 2048 -> 1GB
])
def test_settings_follow_the_machine(ram_gb, cpus, threads, work_mem, maintenance):
    chosen = choose(ram_gb * GB, cpus)
    assert (chosen.threads, chosen.work_mem_mb, chosen.maintenance_work_mem_mb) == (threads, work_mem, maintenance)
    assert chosen.pgoptions == f"-c work_mem={work_mem}MB -c maintenance_work_mem={maintenance}MB"


def test_settings_overrides_and_engines():
    # the profile's threads are kept, and memory shared by them: 4096MB / 12 = 341.3
    chosen = choose(16 * GB, 4, profile_threads=3)
    assert (chosen.threads, chosen.work_mem_mb, chosen.maintenance_work_mem_mb) == (3, 341, 1024)
    assert chosen.line() == ("settings: 3 threads (the profile's), work_mem 341MB, maintenance_work_mem 1GB"
                             " (16 GB RAM, 4 CPUs)")
    # env vars win over the profile and the machine
    overrides = env_overrides({"RUNNER_THREADS": "1", "RUNNER_WORK_MEM": "256MB"})
    chosen = choose(16 * GB, 4, profile_threads=3, overrides=overrides)
    assert (chosen.threads, chosen.work_mem_mb, chosen.maintenance_work_mem_mb) == (1, 256, 1024)
    assert chosen.line() == ("settings: 1 thread (RUNNER_THREADS), work_mem 256MB (RUNNER_WORK_MEM),"
                             " maintenance_work_mem 1GB (16 GB RAM, 4 CPUs)")
    # a remote server keeps its own memory settings unless one is named
    remote = choose(16 * GB, 4, local_server=False)
    assert (remote.work_mem_mb, remote.pgoptions) == (None, "")
    named = choose(16 * GB, 4, local_server=False, overrides=env_overrides({"RUNNER_MAINTENANCE_WORK_MEM": "2GB"}))
    assert named.pgoptions == "-c maintenance_work_mem=2048MB"
    # DuckDB sizes itself: only dbt's threads
    duck = choose(16 * GB, 4, profile_threads=1, engine="duckdb")
    assert (duck.threads, duck.pgoptions) == (1, "")
    assert "DuckDB's own memory_limit and threads" in duck.line()
    assert (parse_size("X", "1GB"), parse_size("X", "65536kB"), parse_size("X", "300 MB")) == (1024, 64, 300)
    for bad in ("lots", "64", "-1MB", "1.5GB"):
        with pytest.raises(RunnerError):
            parse_size("RUNNER_WORK_MEM", bad)
    with pytest.raises(RunnerError):
        env_overrides({"RUNNER_THREADS": "0"})


# ----- the skip decision on a small manifest -------------------------------------------------------


def _node(uid: str, parents: list[str], materialized: str = "table", raw: str = "select 1") -> dict:
    kind, _, name = uid.split(".")
    return {"unique_id": uid, "resource_type": kind, "name": name, "schema": "s", "alias": name,
            "raw_code": raw, "checksum": {"checksum": raw}, "config": {"materialized": materialized},
            "depends_on": {"nodes": parents, "macros": []}, "created_at": 1.0}


def small_manifest() -> dict:
    """app and finance sources; an ephemeral step; a mart reading app and a seed; a mart and a
    test reading both systems; a seed and its test; a unit test; an on-run-start hook."""
    nodes = [
        _node("seed.p.rates", []),
        _node("model.p.stg_users", ["source.p.app.users"], "view"),
        _node("model.p.stg_ledger", ["source.p.finance.ledger"], "view"),
        _node("model.p.int_users", ["model.p.stg_users"], "ephemeral",
              raw="select {{ as_of_date(tz='users.tz') }}"),
        _node("model.p.mart_users", ["model.p.int_users", "seed.p.rates"]),
        _node("model.p.mart_both", ["model.p.stg_users", "model.p.stg_ledger"]),
        _node("test.p.t_users", ["model.p.stg_users"]),
        _node("test.p.t_both", ["model.p.mart_users", "model.p.stg_ledger"]),
        _node("test.p.t_rates", ["seed.p.rates"]),
        _node("operation.p.hook", []),
    ]
    unit = _node("unit_test.p.u_mart", ["model.p.mart_users"])
    sources = {
        "source.p.app.users": {"source_name": "app", "schema": "app", "identifier": "users", "name": "users"},
        "source.p.finance.ledger": {"source_name": "finance", "schema": "finance", "identifier": "ledger", "name": "ledger"},
    }
    return {"metadata": {"project_name": "p", "dbt_version": "1.11"}, "sources": sources,
            "nodes": {node["unique_id"]: node for node in nodes}, "unit_tests": {unit["unique_id"]: unit},
            "macros": {"macro.p.m": {"macro_sql": "{% macro m() %}1{% endmacro %}"}}}


class MemoryStore(skip.Store):
    """The record in a dict, and fingerprints the test sets."""

    def __init__(self):
        self.saved: dict[str, skip.Record] = {}
        self.fingerprints = {"app": ("a1", ""), "finance": ("f1", "")}
        self.present: dict[str, str | None] = {}
        self.unfinished: list[datetime] = []

    def records(self, key):
        return dict(self.saved), list(self.unfinished)

    def begin(self, key, build_id, started_at):
        self.unfinished.append(started_at)

    def finish(self, key, build_id, upserts, forget):
        if forget is None:
            self.saved.clear()
        for uid in forget or ():
            self.saved.pop(uid, None)
        for uid, built_at, code, vars_, sources, relation in upserts:
            self.saved[uid] = skip.Record(build_id, built_at, code, vars_, sources, relation)
        self.unfinished.clear()

    def source_fingerprints(self, graph):
        return dict(self.fingerprints)

    def relations(self, graph):
        return {uid: self.present.get(uid, f"oid-{uid}") for uid, node in graph.nodes.items() if node.relation}


TARGET = Target(name="embedded", profiles_dir=Path("/nonexistent"), embedded=True)
DEFAULTS = {"as_of_date": "", "reporting_timezone": "UTC", "test_scope": "all"}
NOW = datetime(2026, 3, 1, 2, 10, tzinfo=timezone.utc)


def _plan(store, manifest=None, given=None, forced=None, now=NOW):
    graph = skip.Graph(manifest or small_manifest())
    return skip.plan(graph, store, TARGET, DEFAULTS, given or {"as_of_date": "2026-02-27"}, forced=forced, now=now)


def _build(store, plan, failed=()):
    """What a build of the plan records, every node it ran passing unless named."""
    ran = {uid for uid in plan.run if not plan.graph.nodes[uid].ephemeral}
    statuses = {uid: ("fail" if uid in failed else "success") for uid in ran}
    skip.begin(plan, store)
    assert skip.finish(plan, store, statuses, crashed=False) is None


def test_domains_groups_and_counts_of_a_manifest():
    graph = skip.Graph(small_manifest())
    domains = {uid: "+".join(sorted(node.domains)) for uid, node in graph.nodes.items()}
    assert domains == {
        "seed.p.rates": "", "model.p.stg_users": "app", "model.p.stg_ledger": "finance",
        "model.p.int_users": "app", "model.p.mart_users": "app", "model.p.mart_both": "app+finance",
        "test.p.t_users": "app", "test.p.t_both": "app+finance", "test.p.t_rates": "",
        "unit_test.p.u_mart": "app",
    }
    assert {name: skip.counts(nodes) for name, nodes in skip.groups(graph).items()} == {
        "app": "3 models, 1 test, 1 unit test", "finance": "1 model",
        "app+finance": "1 model, 1 test", "seeds": "1 seed, 1 test",
    }
    # the ephemeral step works in its rows' own time zones, and so does what reads it
    assert {uid for uid, node in graph.nodes.items() if node.zoned} == {
        "model.p.int_users", "model.p.mart_users", "test.p.t_both", "unit_test.p.u_mart"}
    assert graph.nodes["model.p.int_users"].ephemeral and graph.nodes["model.p.int_users"].relation is None


def test_what_is_skipped_and_why():
    store = MemoryStore()
    first = _plan(store)
    assert first.run == set(first.graph.nodes) and first.select_args() == []
    assert first.lines == ["building everything: no earlier successful build is recorded"]
    _build(store, first)

    again = _plan(store)
    assert again.nothing_to_run
    assert again.lines == [
        "skipped app: 3 models, 1 test, 1 unit test — its sources (app.*) have not changed since the build of 2026-03-01 02:10 UTC",
        "skipped finance: 1 model — its sources (finance.*) have not changed since the build of 2026-03-01 02:10 UTC",
        "skipped app+finance: 1 model, 1 test — its sources (app.*, finance.*) have not changed since the build of 2026-03-01 02:10 UTC",
        "skipped seeds: 1 seed, 1 test — the seed files have not changed since the build of 2026-03-01 02:10 UTC",
    ]

    # finance changed: every node that reads it, whatever else it reads, and nothing more
    store.fingerprints["finance"] = ("f2", "")
    changed = _plan(store)
    assert changed.run == {"model.p.stg_ledger", "model.p.mart_both", "test.p.t_both"}
    assert changed.select_args() == ["--select", "source:finance+"]
    assert "building finance: its sources (finance.*) changed since the build of 2026-03-01 02:10 UTC" in changed.lines
    _build(store, changed)
    assert _plan(store).nothing_to_run

    # one mart's code: it and what reads it; a test of it and of a skipped model runs with it
    manifest = small_manifest()
    manifest["nodes"]["model.p.mart_users"]["raw_code"] = "select 2"
    code = _plan(store, manifest)
    assert code.run == {"model.p.mart_users", "test.p.t_both", "unit_test.p.u_mart"}
    assert code.select_args() == ["--select", "mart_users"]
    assert code.lines[0].startswith("skipped part of app: 2 models, 1 test — its sources (app.*) have not changed")
    assert code.lines[0].endswith("building 1 model, 1 unit test: its code changed since the build of 2026-03-01 02:10 UTC")
    # a seed's file: the seed, its test and everything that reads it
    manifest = small_manifest()
    manifest["nodes"]["seed.p.rates"]["checksum"] = {"checksum": "new"}
    assert _plan(store, manifest).run == {
        "seed.p.rates", "test.p.t_rates", "model.p.mart_users", "test.p.t_both", "unit_test.p.u_mart"}

    # a mart dropped outside the build: built again, with what reads it
    store.present["model.p.mart_both"] = None
    assert _plan(store).run == {"model.p.mart_both"}
    store.present.clear()

    # other vars: everything, named in the line
    other = _plan(store, given={"as_of_date": "2026-02-28"})
    assert other.run == set(other.graph.nodes)
    assert other.lines == ["building everything: the vars changed since the build of 2026-03-01 02:10 UTC:"
                           " as_of_date 2026-02-27 -> 2026-02-28"]
    # test_scope decides what is tested, not what is built
    assert _plan(store, given={"as_of_date": "2026-02-27", "test_scope": "window"}).nothing_to_run
    # forced: everything, recorded all the same
    assert _plan(store, forced="--all").run == set(other.graph.nodes)
    # unknown fingerprints never skip
    store.fingerprints["app"] = (None, "app.users does not exist")
    unknown = _plan(store)
    assert "building app: app.users does not exist" in unknown.lines
    assert {"model.p.stg_users", "model.p.mart_both", "seed.p.rates"} & unknown.run == {"model.p.stg_users", "model.p.mart_both"}


def test_a_failure_forgets_its_domain_and_an_unfinished_build_everything():
    store = MemoryStore()
    _build(store, _plan(store))
    store.fingerprints = {"app": ("a2", ""), "finance": ("f2", "")}
    both = _plan(store)
    _build(store, both, failed={"test.p.t_users"})  # app's test fails: app is built again next time
    after = _plan(store)
    assert after.run == {uid for uid, node in after.graph.nodes.items() if node.domains == frozenset({"app"})} | {
        "model.p.mart_both", "test.p.t_both"}  # what reads app, whatever else it reads
    assert "skipped finance: 1 model" in after.lines[1]
    # a build that never finished: nothing is known
    skip.begin(after, store)
    dead = _plan(store)
    assert dead.run == set(dead.graph.nodes)
    assert dead.lines == ["building everything: the build of 2026-03-01 02:10 UTC did not finish"]


def test_an_empty_as_of_date_is_today_and_for_zoned_nodes_today_everywhere():
    plain, zoned = skip.effective_vars({"as_of_date": "", "reporting_timezone": "America/New_York"}, {}, NOW)
    assert plain["as_of_date"] == "today (2026-02-28)"  # 02:10 UTC is 21:10 the day before in New York
    # the last midnight anywhere before 02:10 UTC: UTC-2 (America/Noronha) at 02:00 UTC
    assert zoned["as_of_date_in_every_zone"] == "2026-03-01T02:00:00+00:00"
    later, later_zoned = skip.effective_vars({"as_of_date": "", "reporting_timezone": "America/New_York"}, {},
                                             datetime(2026, 3, 1, 3, 10, tzinfo=timezone.utc))
    assert later == plain and later_zoned != zoned  # São Paulo's midnight (UTC-3, 03:00 UTC) came between
    given, _ = skip.effective_vars({"as_of_date": "", "test_scope": "all"}, {"as_of_date": "2026-01-31", "test_scope": "window"}, NOW)
    assert given == {"as_of_date": "2026-01-31"}


# ----- --full-tests and the settings reach dbt -----------------------------------------------------


def _run_results() -> dict:
    return json.loads((Path(os.environ["DBT_TARGET_PATH"]) / "run_results.json").read_text())


@pytest.mark.slow  # one dbt parse with vars of its own: half a minute
def test_full_tests_and_the_settings_reach_dbt(fixture_warehouse):
    env = {**fixture_warehouse.env, "RUNNER_THREADS": "1", "RUNNER_WORK_MEM": "128MB"}
    saved = os.environ.get("PGOPTIONS")
    result = cli("build", "--full-tests", "--select", "motivation_intent_map", env=env)
    assert result.exit_code == 0, result.output
    assert "settings: 1 thread (RUNNER_THREADS), work_mem 128MB (RUNNER_WORK_MEM)," in result.output
    run = _run_results()
    assert run["args"]["vars"]["test_scope"] == "all"
    assert run["args"]["threads"] == 1
    assert os.environ.get("PGOPTIONS") == saved  # set only while dbt ran


def test_a_bad_settings_override_is_one_line(fixture_warehouse):
    result = cli("build", "--select", "motivation_intent_map", env={**fixture_warehouse.env, "RUNNER_WORK_MEM": "plenty"})
    assert result.exit_code == 2
    assert "error: RUNNER_WORK_MEM=plenty is not a memory size" in result.stderr


# ----- a real warehouse: demo data, dbt for real ---------------------------------------------------


def expected_groups(manifest: dict) -> dict[str, dict]:
    """Per domain (the source systems a node reads, transitively): its nodes by kind, worked
    out from the manifest here, independently of runner.skip."""
    nodes = {uid: node for uid, node in manifest["nodes"].items()
             if node["resource_type"] in ("model", "seed", "snapshot", "test")}
    nodes.update(manifest["unit_tests"])
    memo: dict[str, frozenset] = {}

    def systems(uid: str) -> frozenset:
        if uid in manifest["sources"]:
            source = manifest["sources"][uid]
            # the run history, written by every build, is no domain's input: the views on it
            # (marts_ops) are rebuilt only when their code changes
            if (source.get("source_meta") or {}).get("run_history") or (source.get("meta") or {}).get("run_history"):
                return frozenset()
            return frozenset([source["source_name"]])
        if uid not in memo:
            memo[uid] = frozenset().union(*(systems(parent) for parent in nodes[uid]["depends_on"].get("nodes", [])
                                            if parent in nodes or parent in manifest["sources"]))
        return memo[uid]

    seeded: dict[str, bool] = {}

    def reads_a_seed(uid: str) -> bool:
        if uid not in seeded:
            seeded[uid] = nodes[uid]["resource_type"] == "seed" or any(
                reads_a_seed(parent) for parent in nodes[uid]["depends_on"].get("nodes", []) if parent in nodes)
        return seeded[uid]

    found: dict[str, dict] = {}
    for uid, node in nodes.items():
        # a node that reads no source: `seeds` when a seed is upstream, else `no source` (the
        # semantic layer's time spine, the run-history views)
        name = "+".join(sorted(systems(uid))) or ("seeds" if reads_a_seed(uid) else "no source")
        group = found.setdefault(name, {"nodes": set(), "run": set()})
        group["nodes"].add((node["resource_type"], uid))
        if (node.get("config") or {}).get("materialized") != "ephemeral":
            group["run"].add(uid)  # what dbt reports having run (an ephemeral model is not run)
    return found


def counted(nodes: set[tuple[str, str]]) -> str:
    kinds = [("model", "models"), ("snapshot", "snapshots"), ("seed", "seeds"), ("test", "tests"), ("unit_test", "unit tests")]
    out = []
    for kind, many in kinds:
        n = sum(1 for resource_type, _ in nodes if resource_type == kind)
        if n:
            out.append(f"{n} {many if n != 1 else many[:-1]}")
    return ", ".join(out)


@pytest.fixture(scope="module")
def skipping(new_home):
    """The small demo on a server of its own, built once with a fixed as_of_date, from a copy
    of the project (a change to the checkout while this runs would be a change of code)."""
    base = traversable_dir("runner-skip-")
    project = base / "project"
    shutil.copytree(PROJECT, project, ignore=COPY_IGNORE)
    home = new_home("skip")
    warehouse = FixtureWarehouse(home)
    warehouse.env.update(RUNNER_PROJECT_DIR=str(project), DBT_TARGET_PATH=str(project / "target"))
    loaded = cli("sources", "load-demo", "--scale", "300", "--seed", "11", env=warehouse.env)
    assert loaded.exit_code == 0, loaded.output
    first = cli("build", "--vars", AS_OF, env=warehouse.env)
    assert first.exit_code == 0, first.output
    assert "building everything: no earlier successful build is recorded" in first.output
    yield warehouse, project, first.output
    shutil.rmtree(base, ignore_errors=True)


def _ran(project: Path) -> set[str]:
    results = json.loads((project / "target" / "run_results.json").read_text())["results"]
    # hooks and exposures (dbt lists an exposure as a no-op node of the build) build nothing
    return {item["unique_id"] for item in results if not item["unique_id"].startswith(("operation.", "exposure."))}


def _progress_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()[:1].isdigit() and "/" in line.split()[0]]


def _skip_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("skipped ")]


def _inserted(warehouse, table: str) -> int:
    with psycopg.connect(**warehouse.target().conninfo(), autocommit=True) as conn:
        return conn.execute("select n_tup_ins from pg_stat_all_tables where relid = %s::regclass", (table,)).fetchone()[0]


@pytest.mark.slow
def test_a_build_skips_what_has_no_new_data(skipping):
    warehouse, project, _ = skipping
    manifest = json.loads((project / "target" / "manifest.json").read_text())
    groups = expected_groups(manifest)
    assert set(groups) == {"app", "spendsense", "finance", "aiop", "affiliate", "seeds", "no source"}
    every = set().union(*(group["run"] for group in groups.values()))

    # nothing changed: every domain skipped and said so, dbt not run at all
    (project / "target" / "run_results.json").unlink()
    again = cli("build", "--vars", AS_OF, env=warehouse.env)
    assert again.exit_code == 0, again.output
    for name, group in groups.items():
        because = {"seeds": "the seed files have not changed", "no source": "nothing they read has changed"}.get(
            name, f"its sources ({name}.*) have not changed")
        assert f"skipped {name}: {counted(group['nodes'])} — {because} since the build of " in again.output
    assert "nothing to build" in again.output
    assert _progress_lines(again.output) == []
    assert not (project / "target" / "run_results.json").exists()

    # a row more in one of spendsense's tables: spendsense is built, and nothing else
    before = _inserted(warehouse, "spendsense.users")
    warehouse.query("insert into spendsense.users (user_id, email, created_at)"
                    " values (gen_random_uuid(), 'late.signup@example.com', '2026-10-30 12:00+00')")
    deadline = time.monotonic() + 30
    while _inserted(warehouse, "spendsense.users") == before:  # published when the session ends
        assert time.monotonic() < deadline, "the insert never reached the statistics"
        time.sleep(0.1)
    changed = cli("build", "--vars", AS_OF, env=warehouse.env)
    assert changed.exit_code == 0, changed.output
    assert "building spendsense: its sources (spendsense.*) changed since the build of " in changed.output
    for name, group in groups.items():
        if name != "spendsense":
            assert f"skipped {name}: {counted(group['nodes'])}" in changed.output
    assert _ran(project) == groups["spendsense"]["run"]
    # a daily build tests the rows it wrote
    assert json.loads((project / "target" / "run_results.json").read_text())["args"]["vars"]["test_scope"] == "window"

    # another as_of_date: everything
    later = cli("build", "--vars", NEXT, env=warehouse.env)
    assert later.exit_code == 0, later.output
    assert "the vars changed since the build of " in later.output
    assert "as_of_date 2026-10-31 -> 2026-11-01" in later.output
    assert _skip_lines(later.output) == []
    assert _ran(project) == every

    # --all: nothing skipped, though nothing changed
    forced = cli("build", "--all", "--vars", NEXT, env=warehouse.env)
    assert forced.exit_code == 0, forced.output
    assert "building everything (--all): nothing is skipped" in forced.output
    assert _skip_lines(forced.output) == []
    assert _ran(project) == every

    # and what --all built is recorded like any build
    quiet = cli("build", "--vars", NEXT, env=warehouse.env)
    assert quiet.exit_code == 0 and "nothing to build" in quiet.output, quiet.output


@pytest.mark.slow
def test_the_record_lives_in_the_warehouse(skipping):
    warehouse, _, _ = skipping
    rows = warehouse.query("select count(*), count(distinct target_key) from runner_state.nodes")
    assert rows[0][0] > 600 and rows[0][1] == 1
    assert warehouse.query("select count(*) from runner_state.builds where not finished") == [(0,)]

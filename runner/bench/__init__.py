"""`runner bench`: how fast the warehouse is, measured on a fresh embedded database.

It times, on the same machine and data, in this order:
  1. data generation (`sources load-demo`): rows per table and rows per second;
  2. the baseline: one set-based pass grouping every app.user_events row by user and local
     date (the yardstick the targets are ratios to);
  3. a full `runner build` (tests included), with the peak memory of the build process and
     the slowest nodes;
  4. a 1% delta (the next day's load) and the incremental `runner build` after it (the
     daily job: domains with nothing new skipped, tests of the rows each model wrote);
  5. one dashboard query per mart (runner/bench/*.yml), 50 runs each: p50 and p95.
Figures go to the screen as a table and, with --json, to a file.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import psycopg
import yaml
from rich.console import Console
from rich.table import Table

from runner import dbt
from runner.config import EMBEDDED_TARGET, Target, target_path
from runner.demo import DEFAULT_END_DATE, load_delta, load_demo
from runner.embedded import DATABASE, SUPERUSER, Embedded
from runner.sources import init_sources, source_schemas

QUERY_DIR = Path(__file__).resolve().parent
RUNS_PER_QUERY = 50
TARGETS = {
    "full_build_vs_baseline": 10.0,  # full build at most 10x the baseline
    "incremental_vs_full": 0.10,  # incremental at most 10% of the full build
    "query_p95_ms": 50.0,
    "generation_rows_per_second": 500_000,
}


@dataclass
class QueryTiming:
    mart: str
    p50_ms: float
    p95_ms: float
    rows: int


@dataclass
class BenchReport:
    scale: str
    users: int
    machine: dict
    rows: dict[str, int] = field(default_factory=dict)
    generation_seconds: float = 0.0
    baseline_seconds: float = 0.0
    full_build_seconds: float = 0.0
    full_build_peak_rss_mb: float = 0.0
    full_build_slowest: list[tuple[str, float]] = field(default_factory=list)
    full_build_breakdown: dict[str, float] = field(default_factory=dict)
    delta_rows: int = 0
    delta_seconds: float = 0.0
    incremental_build_seconds: float = 0.0
    incremental_build_slowest: list[tuple[str, float]] = field(default_factory=list)
    incremental_build_breakdown: dict[str, float] = field(default_factory=dict)
    queries: list[QueryTiming] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def generation_rows_per_second(self) -> float:
        return sum(self.rows.values()) / self.generation_seconds if self.generation_seconds else 0.0

    def ratios(self) -> dict[str, float | None]:
        base = self.baseline_seconds or None
        full = self.full_build_seconds or None
        return {
            "generation_vs_baseline": self.generation_seconds / base if base else None,
            "full_build_vs_baseline": self.full_build_seconds / base if base else None,
            "incremental_vs_baseline": self.incremental_build_seconds / base if base else None,
            "incremental_vs_full": self.incremental_build_seconds / full if full else None,
        }

    def to_json(self) -> dict:
        data = asdict(self)
        data["generation_rows_per_second"] = round(self.generation_rows_per_second)
        data["ratios"] = {k: (round(v, 3) if v is not None else None) for k, v in self.ratios().items()}
        data["targets"] = TARGETS
        return data


def machine() -> dict:
    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def run_bench(project: Path, home: Path, scale: str, users: int, seed: int, out: Console) -> BenchReport:
    report = BenchReport(scale=scale, users=users, machine=machine())
    embedded = Embedded(home)
    out.print(f"fresh embedded database in {home}")
    embedded.reset()
    layout = embedded.ensure_running()
    target = Target(
        name=EMBEDDED_TARGET, profiles_dir=home, embedded=True, host="127.0.0.1", port=layout.port,
        user=SUPERUSER, password=embedded.password(), dbname=DATABASE,
    )
    schemas = source_schemas(project)
    end = DEFAULT_END_DATE

    with psycopg.connect(**target.conninfo(), autocommit=True) as conn:
        init_sources(conn, schemas)
        started = time.monotonic()
        report.rows = load_demo(conn, schemas, users, seed, end, report=_loaded(out))
        report.generation_seconds = time.monotonic() - started
        out.print(f"generated {sum(report.rows.values()):,} rows in {report.generation_seconds:.1f}s"
                  f" ({report.generation_rows_per_second:,.0f} rows/s)")
        report.baseline_seconds = _baseline(conn)
        out.print(f"baseline (group app.user_events by user and local date): {report.baseline_seconds:.1f}s")

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    full = _build(target, project, out, end)
    report.full_build_seconds = full.elapsed
    report.full_build_peak_rss_mb = max(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
    report.full_build_slowest = _slowest(full)
    report.full_build_breakdown = breakdown(full.nodes, _node_folders(project))
    if full.exit_code:
        report.failures.append(f"full build exit {full.exit_code}: {', '.join(n.name for n in full.failed[:5])}")
    out.print(f"full build: {full.elapsed:.1f}s, {len(full.nodes)} nodes, exit {full.exit_code}")

    with psycopg.connect(**target.conninfo(), autocommit=True) as conn:
        started = time.monotonic()
        added = load_delta(conn, schemas, users, seed, 0.01, end, report=_loaded(out, "appended"))
        report.delta_seconds = time.monotonic() - started
        report.delta_rows = sum(added.values())
    incremental = _build(target, project, out, end + timedelta(days=1))
    report.incremental_build_seconds = incremental.elapsed
    report.incremental_build_slowest = _slowest(incremental)
    report.incremental_build_breakdown = breakdown(incremental.nodes, _node_folders(project))
    if incremental.exit_code:
        report.failures.append(f"incremental build exit {incremental.exit_code}")
    out.print(f"incremental build after a 1% delta ({report.delta_rows:,} rows): {incremental.elapsed:.1f}s")

    report.queries = _dashboard_queries(target, end, out)
    return report


def _build(target: Target, project: Path, out: Console, as_of_date: date):
    """A `runner build` with this as_of_date, as the daily job runs it (runner.tasks: the
    settings for the machine, domains with nothing new skipped, tests of the rows written);
    its outcome's elapsed is the whole command's, parsing and planning included."""
    from runner import tasks

    started = time.monotonic()
    _, outcome = tasks.build_outcome(target, project, out, dbt_vars=json.dumps({"as_of_date": str(as_of_date)}),
                                     progress=False)
    if outcome is None:  # nothing to build
        outcome = dbt.Outcome(command="build")
    outcome.elapsed = time.monotonic() - started
    return outcome


def _loaded(out: Console, verb: str = "loaded"):
    def report(system: str, rows: dict[str, int], seconds: float) -> None:
        total = sum(rows.values())
        out.print(f"{verb} {system:<10} {total:>12,} rows in {seconds:6.1f}s")

    return report


def _baseline(conn: psycopg.Connection) -> float:
    conn.execute("analyze app.user_events")
    started = time.monotonic()
    conn.execute(
        "select count(*) from (select user_id, (event_timestamp at time zone 'UTC')::date, count(*)"
        " from app.user_events group by 1, 2) as per_user_day"
    ).fetchone()
    return time.monotonic() - started


def _slowest(outcome, n: int = 8) -> list[tuple[str, float]]:
    timed = sorted(outcome.nodes, key=lambda node: node.seconds, reverse=True)[:n]
    return [(f"{node.resource_type} {node.name}", round(node.seconds, 2)) for node in timed]


def _node_folders(project: Path) -> dict[str, str]:
    """unique_id -> the node's layer and domain (e.g. marts/product), from dbt's manifest."""
    try:
        manifest = json.loads((target_path(project) / "manifest.json").read_text())
    except (OSError, ValueError):
        return {}
    folders = {}
    for unique_id, node in manifest.get("nodes", {}).items():
        parts = Path(node.get("original_file_path", "")).parts
        folders[unique_id] = "/".join(parts[1:3]) if len(parts) > 3 and parts[0] == "models" else ""
    return folders


def breakdown(nodes, folders: dict[str, str]) -> dict[str, float]:
    """Seconds spent per kind of node: models per layer and domain, then unit tests, data
    tests, snapshots, seeds (summed over threads, so the total exceeds the wall time)."""
    totals: dict[str, float] = {}
    for node in nodes:
        key = node.resource_type
        if node.resource_type == "model" and folders.get(node.unique_id):
            key = f"model {folders[node.unique_id]}"
        totals[key] = totals.get(key, 0.0) + node.seconds
    return {key: round(seconds, 1) for key, seconds in sorted(totals.items(), key=lambda item: -item[1])}


def load_queries(end: date) -> list[dict]:
    """Every dashboard query of runner/bench/*.yml, with {end} and {start} filled in."""
    queries = []
    for path in sorted(QUERY_DIR.glob("*.yml")):
        for item in yaml.safe_load(path.read_text()).get("queries", []):
            sql = item["sql"].format(end=end.isoformat(), start=(end - timedelta(days=89)).isoformat())
            queries.append(dict(item, sql=sql))
    return queries


def _dashboard_queries(target: Target, end: date, out: Console) -> list[QueryTiming]:
    """Each mart's query 50 times, as a BI login: one granted the query's tenant where it
    names one (`tenant: {org: 1}`, `{affiliate: AFF00001}`, or `all` for the data team),
    else one with no grant."""
    queries = load_queries(end)
    logins = {_bench_login(query.get("tenant")): query.get("tenant") for query in queries}
    timings = []
    with psycopg.connect(**target.conninfo(), autocommit=True) as admin:
        for login, tenant in logins.items():
            admin.execute(f"drop role if exists {login}")
            admin.execute(f"create role {login} login password 'bench' in role bi_reader")
            if tenant == "all":
                admin.execute(f"grant bi_admin to {login}")
            for kind, value in (tenant if isinstance(tenant, dict) else {}).items():
                admin.execute(
                    "insert into tenant_access.tenant_grants (grantee, tenant_kind, tenant_id)"
                    " values (%s::regrole, %s, %s)",
                    (login, kind, str(value)),
                )
    connections: dict[str, psycopg.Connection] = {}
    try:
        for query in queries:
            login = _bench_login(query.get("tenant"))
            if login not in connections:
                reader = dict(target.conninfo(), user=login, password="bench")
                connections[login] = psycopg.connect(**reader, autocommit=True)
            conn = connections[login]
            samples = []
            rows = 0
            for _ in range(RUNS_PER_QUERY):
                started = time.perf_counter()
                rows = len(conn.execute(query["sql"]).fetchall())
                samples.append((time.perf_counter() - started) * 1000)
            samples.sort()
            timings.append(QueryTiming(
                mart=query["mart"],
                p50_ms=round(statistics.median(samples), 2),
                p95_ms=round(samples[int(0.95 * (len(samples) - 1))], 2),
                rows=rows,
            ))
    finally:
        for conn in connections.values():
            conn.close()
        with psycopg.connect(**target.conninfo(), autocommit=True) as admin:
            for login in logins:
                admin.execute("delete from tenant_access.tenant_grants where grantee = %s::regrole", (login,))
                admin.execute(f"drop role if exists {login}")
    out.print(f"{len(timings)} dashboard queries, {RUNS_PER_QUERY} runs each")
    return timings


def _bench_login(tenant) -> str:
    """bench_reader, bench_all, bench_org_1, bench_affiliate_aff00001: one login per tenant."""
    if tenant is None:
        return "bench_reader"
    if tenant == "all":
        return "bench_all"
    return "bench_" + "_".join(f"{kind}_{value}" for kind, value in sorted(tenant.items())).lower()


def print_report(report: BenchReport, out: Console) -> None:
    ratios = report.ratios()
    summary = Table(title=f"runner bench --scale {report.scale} ({report.users:,} app users)")
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    summary.add_column("vs baseline", justify="right")
    summary.add_column("target", justify="left")

    def ratio(value):
        return f"{value:.2f}x" if value is not None else "-"

    summary.add_row("rows generated", f"{sum(report.rows.values()):,}", "", "")
    summary.add_row("generation", f"{report.generation_seconds:.1f}s", ratio(ratios["generation_vs_baseline"]),
                    f">= {TARGETS['generation_rows_per_second']:,} rows/s: {report.generation_rows_per_second:,.0f}")
    summary.add_row("baseline pass", f"{report.baseline_seconds:.1f}s", "1.00x", "")
    summary.add_row("full build (tests included)", f"{report.full_build_seconds:.1f}s",
                    ratio(ratios["full_build_vs_baseline"]), f"<= {TARGETS['full_build_vs_baseline']:.0f}x baseline")
    summary.add_row("peak memory of the build", f"{report.full_build_peak_rss_mb:,.0f} MB", "", "")
    summary.add_row("incremental build (1% delta)", f"{report.incremental_build_seconds:.1f}s",
                    ratio(ratios["incremental_vs_baseline"]),
                    f"<= 10% of full: {100 * (ratios['incremental_vs_full'] or 0):.1f}%")
    out.print(summary)
    queries = Table(title=f"dashboard queries ({RUNS_PER_QUERY} runs each)")
    for column in ("mart", "rows", "p50 ms", "p95 ms"):
        queries.add_column(column, justify="left" if column == "mart" else "right")
    for timing in report.queries:
        queries.add_row(timing.mart, str(timing.rows), f"{timing.p50_ms:.1f}", f"{timing.p95_ms:.1f}")
    out.print(queries)
    slow = Table(title="slowest nodes of the full build")
    slow.add_column("node", no_wrap=True, overflow="ellipsis", max_width=64)
    slow.add_column("seconds", justify="right")
    for name, seconds in report.full_build_slowest:
        slow.add_row(name, f"{seconds:.1f}")
    out.print(slow)
    kinds = Table(title="node seconds by kind (summed over threads)")
    for column in ("kind", "full build", "incremental"):
        kinds.add_column(column, justify="left" if column == "kind" else "right")
    for kind, seconds in report.full_build_breakdown.items():
        kinds.add_row(kind, f"{seconds:.1f}", f"{report.incremental_build_breakdown.get(kind, 0.0):.1f}")
    out.print(kinds)
    for failure in report.failures:
        out.print(f"FAILED {failure}")

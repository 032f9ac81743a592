"""What each runner command does, in terms of the database, dbt and the demo generator."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from runner import dbt
from runner.config import Target, target_path
from runner.db import build_lock, connect
from runner.demo import DEFAULT_END_DATE, GENERATORS, load_demo
from runner.errors import RunnerError
from runner.sources import init_sources, source_schemas

MART_SCHEMAS = ("marts_product", "marts_personalization", "marts_finance", "marts_org", "marts_affiliate")


def console() -> Console:
    return Console(highlight=False, soft_wrap=True, markup=False)


def generator_target(project: Path) -> Target:
    """The embedded PostgreSQL: where the demo generators write, also for a DuckDB target."""
    from runner.context import resolve_target

    return resolve_target(None, None, project)


def sources_init(target: Target, project: Path, out: Console) -> int:
    schemas = source_schemas(project)
    if target.engine == "duckdb":
        return _sources_init_duckdb(target, project, schemas, out)
    with build_lock(target, what="sources init") as _, connect(target) as conn:
        created = init_sources(conn, schemas)
    if created:
        out.print(f"created {len(created)} source tables in {', '.join(sorted(set(schemas.values())))}")
    else:
        out.print("every source table already exists; nothing changed")
    return 0


def _sources_init_duckdb(target: Target, project: Path, schemas: dict[str, str], out: Console) -> int:
    """The DuckDB file gets the source tables it lacks, made from the PostgreSQL DDL on the
    embedded database (runner.engines.duckdb explains why)."""
    from runner.engines import duckdb as engine

    path = engine.database_file(target)
    pg = generator_target(project)
    with build_lock(target, what="sources init"), build_lock(pg, what="sources init") as _, connect(pg) as conn:
        init_sources(conn, schemas)
        created = engine.init_sources(pg, path, project)
    if created:
        out.print(f"created {len(created)} source tables in {', '.join(sorted(set(schemas.values())))} in {path}")
    else:
        out.print(f"every source table already exists in {path}; nothing changed")
    return 0


def sources_load_demo(
    target: Target, project: Path, users: int, seed: int, end_date: date, wait: float, out: Console,
    systems: tuple[str, ...] = GENERATORS, delta: float | None = None,
) -> dict[str, int]:
    schemas = source_schemas(project)
    if target.engine in ("duckdb", "spark"):
        # generated on the embedded PostgreSQL as always, then copied to the DuckDB file or Spark
        from runner.engines import duckdb as duck_engine, spark as spark_engine

        pg = generator_target(project)
        if target.engine == "duckdb":
            path = duck_engine.database_file(target)
            copy = lambda: duck_engine.copy_sources(pg, path, project, out=out)  # noqa: E731
        else:
            copy = lambda: spark_engine.copy_sources(pg, target, project, out=out)  # noqa: E731
        with build_lock(target, wait, what="demo load"), build_lock(pg, wait, what="demo load"), connect(pg) as conn:
            init_sources(conn, schemas)
            if delta is not None:
                rows = _load_delta(conn, schemas, users, seed, end_date, delta, out)
            else:
                rows = _load(conn, schemas, users, seed, end_date, systems, out)
            copy()
        return rows
    with build_lock(target, wait, what="demo load"), connect(target) as conn:
        init_sources(conn, schemas)
        if delta is not None:
            return _load_delta(conn, schemas, users, seed, end_date, delta, out)
        return _load(conn, schemas, users, seed, end_date, systems, out)


def _load_delta(conn, schemas, users, seed, end_date, fraction, out) -> dict[str, int]:
    from runner.demo import load_delta

    def report(system: str, rows: dict[str, int], seconds: float) -> None:
        out.print(f"appended {system:<10} {sum(rows.values()):>10,} rows in {seconds:6.1f}s ({len(rows)} tables)")

    out.print(f"appending a {fraction:.1%} delta: the day after {end_date}, late arrivals and records loaded again")
    return load_delta(conn, schemas, users, seed, fraction, end_date, report=report)


def _load(conn, schemas, users, seed, end_date, systems, out) -> dict[str, int]:
    def report(system: str, rows: dict[str, int], seconds: float) -> None:
        total = sum(rows.values())
        out.print(f"loaded {system:<10} {total:>12,} rows in {seconds:6.1f}s ({len(rows)} tables)")

    out.print(f"generating demo data: {users:,} app users, seed {seed}, history to {end_date}")
    return load_demo(conn, schemas, users, seed, end_date, systems, report=report)


def build(target: Target, project: Path, out: Console, *args, **kwargs) -> int:
    """`dbt build` of what has something new to build (runner.skip): a domain whose sources,
    vars and code are as they were at its last successful build is skipped, and said so.
    --select, --full-refresh, --full-tests and --all (everything) skip nothing. The
    arguments are build_outcome's; this is its exit code."""
    exit_code, _ = build_outcome(target, project, out, *args, **kwargs)
    return exit_code


def build_outcome(
    target: Target,
    project: Path,
    out: Console,
    select: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    full_refresh: bool = False,
    dbt_vars: str | None = None,
    wait: float = 0,
    command: str = "build",
    full_tests: bool = False,
    everything: bool = False,
    progress: bool = True,
    job: str | None = None,
    notify_url: str | None = None,
):
    """`runner build` (see build): its exit code and dbt's outcome (None when nothing ran).
    `runner bench` times its builds through here, so they build, skip and test as the
    daily build does. A job (`job`, a selector of selectors.yml) builds its selection after
    checking its sources' freshness; `notify_url` gets an alert when the build fails or a
    source is stale past its error_after (checked then for every build). Every build is
    recorded in the run history (runner.runlog)."""
    args = [command]
    # `--select "a b"` and `--select a --select b` both mean dbt's `--select a b`
    select = tuple(part for value in select for part in value.split())
    exclude = tuple(part for value in exclude for part in value.split())
    if job:
        args += ["--selector", job]
    if select:
        args += ["--select", *select]
    if exclude:
        args += ["--exclude", *exclude]
    # tests see only the rows this build wrote, unless the whole history is asked for
    scope = "all" if full_refresh or full_tests else "window"
    merged = dbt.merge_vars(dbt_vars, {"test_scope": scope}, project=project)
    dbt.target_vars(target, merged)  # a --vars the target's profile contradicts is named now
    settings = build_settings(target, out)
    forced = next((reason for flag, reason in (
        (job, f"--job {job}"), (select, "--select"), (full_refresh, "--full-refresh"), (full_tests, "--full-tests"),
        (everything, "--all"), (command != "build", f"dbt {command}"),
    ) if flag), None)
    selection = " ".join(args[1:]) or None
    if job:
        from runner.jobs import check_job, selectors_in

        check_job({"selectors": selectors_in(project)}, job)  # a misspelt job, before anything starts
    try:
        exit_code, outcome, run, stale = _build(target, project, out, args, select, exclude, full_refresh, merged,
                                                settings, forced, wait, command, job, notify_url, selection, progress)
    except RunnerError as exc:  # the build could not run (no database, the lock held, ...)
        if notify_url:
            _send_alert(notify_url, job, target, None, None, exc.exit_code, [], merged, out, error=exc.reason)
        raise
    if notify_url and (exit_code != 0 or stale):
        _send_alert(notify_url, job, target, run, outcome, exit_code, stale, merged, out)
    return exit_code, outcome


def _build(target, project, out, args, select, exclude, full_refresh, merged, settings, forced, wait, command, job,
           notify_url, selection, progress):
    """build_outcome inside the build lock: (exit code, outcome, run, stale sources)."""
    from runner import runlog

    outcome = None
    stale: list = []
    with build_lock(target, wait, what=command) as lock:
        run = _history_begin(target, project, command, out, job=job, selection=selection, merged=merged)
        try:
            replaced = _duckdb_sources_replaced(target) if command in ("build", "run") else False
            if replaced and not full_refresh:
                out.print("rebuilding incremental models in full: the sources were copied anew since the last build")
            if full_refresh or replaced:
                args.append("--full-refresh")
            if target.engine == "spark":
                args += spark_exclusions(args, out)
            manifest = dbt.check_selection(select, target, project, merged) if select else dbt.parse(target, project, merged)
            if job or notify_url:
                stale = check_freshness(target, project, job, merged, manifest, run, out)
            plan, store = plan_build(target, project, manifest, merged, lock, forced, out)
            if plan.nothing_to_run:
                out.print("nothing to build: every domain is as it was at its last successful build"
                          " (runner build --all builds everything anyway)")
                exit_code = 0
            else:
                outcome = recorded_invoke(
                    args + plan.select_args(), target, project, merged, manifest, plan, store, settings, out,
                    record=command == "build",
                    before_record=lambda outcome: _clear_replaced(target, replaced, outcome, select, exclude),
                    progress=progress, run=run,
                )
                exit_code = outcome.exit_code
        except BaseException as exc:
            interrupted = isinstance(exc, KeyboardInterrupt)
            runlog.finish(run, "interrupted" if interrupted else "error", 130 if interrupted else 2,
                          outcome.nodes if outcome else [])
            raise
        _history_end(run, outcome, exit_code, out, nothing=outcome is None)
        if target.engine in ("duckdb", "spark") and exit_code == 0:
            # no `runner db url` for a file: say where the marts are (read inside the lock,
            # while no other runner writes the file)
            print_marts(target, out)
    return exit_code, outcome, run, stale


def check_freshness(target: Target, project: Path, job: str | None, merged: str | None, manifest, run, out: Console) -> list:
    """`dbt source freshness` of a job's sources (every source without a job), recorded in the
    run history and said in one line; returns the sources past their error_after."""
    from runner import runlog
    from runner.jobs import stale_sources

    args = ["source", "freshness"] + (["--selector", job] if job else [])
    checked = dbt.invoke(args, target, project, dbt_vars=merged, console=out, manifest=manifest, progress=False)
    sources = [node for node in checked.nodes if node.resource_type == "source"]
    runlog.record_freshness(run, sources)
    stale = stale_sources(sources)
    if checked.crash:
        out.print(f"freshness could not be checked: {checked.crash}")
        return stale
    warned = [node for node in sources if node.status == "warn"]
    line = (f"freshness: {len(sources)} sources checked, {len(sources) - len(warned) - len(stale)} fresh,"
            f" {len(warned)} past warn_after, {len(stale)} past error_after")
    if stale:
        line += ": " + ", ".join(node.name for node in stale[:5]) + (" ..." if len(stale) > 5 else "")
    out.print(line)
    return stale


def _history_begin(target: Target, project: Path, command: str, out: Console, job=None, selection=None, merged=None):
    from runner import runlog

    run = runlog.begin(target, project, command, job=job, selection=selection, dbt_vars=merged)
    if run.warning:
        out.print(f"this run is not in the run history: {run.warning}")
    return run


def _history_end(run, outcome, exit_code: int, out: Console, nothing: bool = False) -> None:
    from runner import runlog

    status = "skipped" if nothing else runlog.status_of(outcome)
    had_warning = bool(run.warning)
    runlog.finish(run, status, exit_code, outcome.nodes if outcome else [])
    if run.warning and not had_warning:
        out.print(f"the run history could not be completed: {run.warning}")


def _send_alert(url: str, job, target: Target, run, outcome, exit_code: int, stale, merged, out: Console,
                error: str | None = None) -> None:
    """POST the alert; one line on stderr when it cannot be delivered (the exit code stands)."""
    import json

    from runner import runlog
    from runner.jobs import alert, notify

    status = runlog.status_of(outcome) if outcome is not None else ("success" if exit_code == 0 else "error")
    as_of = (json.loads(merged) if merged else {}).get("as_of_date") or None
    run_id = run.run_id if run is not None and not run.warning else None
    payload = alert(job, target, run_id, status, outcome.elapsed if outcome else 0.0,
                    outcome.failed if outcome else [], stale, as_of, error=error)
    why = notify(url, payload)
    if why:
        Console(stderr=True, highlight=False, soft_wrap=True, markup=False).print(
            f"warning: the alert was not delivered: {why}; the build's exit code stands")
    else:
        out.print(f"alert sent ({payload['status']}, {len(payload['failed_nodes'])} failed nodes,"
                  f" {len(payload['stale_sources'])} stale sources)")


def _clear_replaced(target: Target, replaced: bool, outcome, select, exclude) -> None:
    """A full build of a DuckDB file whose sources were copied anew used them all."""
    if replaced and outcome.exit_code == 0 and not select and not exclude:
        from runner.engines import duckdb as engine

        engine.clear_sources_replaced(engine.database_file(target))


def build_settings(target: Target, out: Console):
    """The threads and session settings of a build, said in one line."""
    from runner.settings import for_target

    settings = for_target(target, dbt.profile_threads(target))
    out.print(settings.line())
    return settings


def plan_build(target: Target, project: Path, manifest, merged: str | None, lock, forced: str | None, out: Console):
    """What the build runs and skips (runner.skip), said one line per domain."""
    import json

    from runner import skip
    from runner.vars import known_vars

    graph = skip.Graph(dbt.manifest_json(manifest))
    given = json.loads(dbt.target_vars(target, merged) or "{}")
    store = skip.store_for(target, lock, project)
    try:
        plan = skip.plan(graph, store, target, known_vars(project), given, forced=forced)
    except Exception as exc:  # the record cannot be read: nothing is known, so nothing is skipped
        out.print(f"building everything: the record of earlier builds cannot be used ({type(exc).__name__}: {dbt.first_line(exc)})")
        plan = skip.plan(graph, None, target, known_vars(project), given, forced="unreadable")
        store = None
    if forced and forced.startswith("--") and forced != "--select":
        out.print(f"building everything ({forced}): nothing is skipped")
    for line in plan.lines:
        out.print(line)
    return plan, store


def recorded_invoke(args, target, project, merged, manifest, plan, store, settings, out, record=True, before_record=None,
                    progress=True, run=None):
    """Invoke dbt between marking the build unfinished and recording what it built. Without
    `run` (a run of the history its caller completes), the invocation is a run of its own in
    the run history (runner.runlog)."""
    from runner import skip

    own_run = run is None
    if own_run:
        run = _history_begin(target, project, args[0], out, selection=" ".join(args[1:]) or None, merged=merged)
    why = skip.begin(plan, store)
    if why:
        out.print(f"this build is not recorded ({why}): the next build cannot skip anything it builds")
        store = None
    outcome = dbt.invoke(args, target, project, dbt_vars=merged, console=out, manifest=manifest, settings=settings,
                         progress=progress)
    if progress:
        dbt.print_summary(outcome, out)
    if before_record is not None:
        before_record(outcome)
    crashed = bool(outcome.crash or outcome.interrupted or outcome.connection_lost
                   or (outcome.exit_code != 0 and not outcome.failed))
    statuses = {node.unique_id: node.status for node in outcome.nodes}
    why = skip.finish(plan, store, statuses, crashed, record=record)
    if why:
        out.print(f"the record of this build could not be written ({why}): the next build builds everything")
    if own_run:
        _history_end(run, outcome, outcome.exit_code, out)
    return outcome


def _duckdb_sources_replaced(target: Target) -> bool:
    if target.engine != "duckdb" or target.path is None:
        return False
    from runner.engines import duckdb as engine

    return engine.sources_replaced(engine.database_file(target))


def demo(
    target: Target, project: Path, users: int, seed: int, end_date: date, wait: float, out: Console
) -> int:
    """The main job: sources, demo data, every model built and tested, how to connect."""
    schemas = source_schemas(project)
    with build_lock(target, wait, what="demo") as lock:
        with connect(target) as conn:
            init_sources(conn, schemas)
            _load(conn, schemas, users, seed, end_date, GENERATORS, out)
        out.print(f"building every model and test (as_of_date {end_date})")
        merged = dbt.merge_vars(None, {"as_of_date": str(end_date), "test_scope": "all"}, project)
        settings = build_settings(target, out)
        manifest = dbt.parse(target, project, merged)
        plan, store = plan_build(target, project, manifest, merged, lock, "demo", out)
        outcome = recorded_invoke(["build"], target, project, merged, manifest, plan, store, settings, out)
    if outcome.exit_code == 0:
        print_marts(target, out)
    return outcome.exit_code


def demo_duckdb(
    pg: Target, target: Target, project: Path, users: int, seed: int, end_date: date, wait: float, out: Console
) -> int:
    """`runner demo --engine duckdb`: the demo data generated on the embedded PostgreSQL,
    copied into the DuckDB file, then every model built and tested there."""
    from runner.engines import duckdb as engine

    path = engine.database_file(target)

    def first_build(outcome) -> None:
        if outcome.exit_code == 0:
            engine.clear_sources_replaced(path)  # a first build of every model

    # the sources were just replaced: incremental models start over
    return _demo_elsewhere(pg, target, project, users, seed, end_date, wait, out, "DuckDB",
                           copy=lambda: engine.copy_sources(pg, path, project, out=out),
                           args=["build", "--full-refresh"], before_record=first_build)


def spark_exclusions(args: list[str], out: Console) -> list[str]:
    """What a Spark build leaves out (snapshots, unit tests), said once with the reasons,
    as dbt arguments to add (merged into the build's own --exclude)."""
    from runner.engines import spark as engine

    for what, why in engine.SKIPPED:
        out.print(f"on Spark: no {what} ({why})")
    if "--exclude" in args:
        at = args.index("--exclude")
        args[at + 1:at + 1] = list(engine.EXCLUDED)
        return []
    return ["--exclude", *engine.EXCLUDED]


def demo_spark(
    pg: Target, target: Target, project: Path, users: int, seed: int, end_date: date, wait: float, out: Console
) -> int:
    """`runner demo --engine spark`: the demo data generated on the embedded PostgreSQL,
    copied into the local Spark warehouse as Parquet tables, then every model built there."""
    from runner.engines import spark as engine

    args = ["build"]
    args += spark_exclusions(args, out)
    return _demo_elsewhere(pg, target, project, users, seed, end_date, wait, out, "Spark",
                           copy=lambda: engine.copy_sources(pg, target, project, out=out), args=args)


def _demo_elsewhere(pg: Target, target: Target, project: Path, users: int, seed: int, end_date: date, wait: float,
                    out: Console, engine_name: str, copy, args: list[str], before_record=None) -> int:
    """The demo on an engine whose sources are a copy: generate on the embedded PostgreSQL
    (both build locks held), copy, then build and test every model on the target."""
    schemas = source_schemas(project)
    with build_lock(target, wait, what="demo"):
        with build_lock(pg, wait, what="demo"), connect(pg) as conn:
            init_sources(conn, schemas)
            _load(conn, schemas, users, seed, end_date, GENERATORS, out)
            copy()
        out.print(f"building every model and test on {engine_name} (as_of_date {end_date})")
        merged = dbt.merge_vars(None, {"as_of_date": str(end_date), "test_scope": "all"}, project)
        settings = build_settings(target, out)
        manifest = dbt.parse(target, project, merged)
        plan, store = plan_build(target, project, manifest, merged, None, "demo", out)
        outcome = recorded_invoke(args, target, project, merged, manifest, plan, store, settings, out,
                                  before_record=before_record)
        if outcome.exit_code == 0:
            print_marts(target, out)
    return outcome.exit_code


def print_marts(target: Target, out: Console) -> None:
    """Where the marts are and how a BI tool or psql (or duckdb) connects to them."""
    if target.engine == "duckdb":
        _print_duckdb_marts(target, out)
        return
    if target.engine == "spark":
        _print_spark_marts(target, out)
        return
    with connect(target) as conn:
        rows = conn.execute(
            "select c.relnamespace::regnamespace::text, count(*), coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint"
            " from pg_class as c"
            " where c.relkind in ('r', 'p', 'v', 'm') and c.relnamespace::regnamespace::text = any(%s)"
            " group by 1 order by 1",
            (list(MART_SCHEMAS),),
        ).fetchall()
    out.print(_marts_table(target, rows, "rows (estimate)"))
    out.print("run history: marts_ops (fct_build_runs, fct_node_runs, fct_test_failures, fct_source_freshness),"
              " read by bi_admin only (runner access grant LOGIN --all)")
    if target.embedded:
        out.print("connect:  psql \"$(runner db url)\"   (BI tools: the same URL, or its host/port/user/password)")
    else:
        out.print(f"connect:  host {target.host} port {target.port} database {target.dbname}")


def _marts_table(target: Target, rows, rows_label: str) -> Table:
    """One line per mart schema: its tables and rows."""
    table = Table(title=f"marts in {target.where}")
    table.add_column("schema")
    table.add_column("tables", justify="right")
    table.add_column(rows_label, justify="right")
    for schema, tables, count in rows:
        table.add_row(schema, str(tables), f"{count:,}")
    return table


def _print_spark_marts(target: Target, out: Console) -> None:
    from runner.engines import spark as engine

    out.print(_marts_table(target, engine.mart_counts(target, MART_SCHEMAS), "rows"))
    out.print("connect:  pyspark with the same warehouse and metastore (docs/engines.md), or a cluster target")


def _print_duckdb_marts(target: Target, out: Console) -> None:
    from runner.engines import duckdb as engine

    out.print(_marts_table(target, engine.mart_counts(target, MART_SCHEMAS), "rows"))
    out.print("run history: marts_ops (fct_build_runs, fct_node_runs, fct_test_failures, fct_source_freshness)")
    out.print(f"connect:  duckdb -readonly {target.where}   (Python: duckdb.connect('{target.where}', read_only=True);"
              " one process at a time may write the file)")


def jobs(target: Target, project: Path, out: Console, as_crontab: bool) -> int:
    """`runner jobs`: the table of jobs with their last run, or the crontab that runs them."""
    from runner import runlog
    from runner.config import runner_home
    from runner.jobs import crontab, load_jobs

    found = load_jobs(dbt.manifest_json(dbt.parse(target, project)))
    if as_crontab:
        out.file.write(crontab(found, project, runner_home(project).resolve()))
        return 0
    last = runlog.last_runs(target)
    table = Table(title=f"jobs (selectors.yml) on {target.where}")
    for column in ("job", "schedule", "time zone", "orgs", "owner", "marts", "last run"):
        table.add_column(column, no_wrap=column != "marts")
    for job in found:
        status, started = last.get(job.name, (None, None))
        table.add_row(job.name, job.schedule or "", job.timezone or "", ", ".join(job.orgs) or "-", job.owner or "",
                      "\n".join(mart.split(".", 1)[1] for mart in job.marts),
                      f"{status} {_utc(started):%Y-%m-%d %H:%M} UTC" if status and started else "never")
    # wide enough for a job's row on one line, in a terminal or a log
    Console(file=out.file, width=max(out.width, 160), highlight=False, markup=False).print(table)
    return 0


def _utc(moment):
    from datetime import timezone

    return moment.astimezone(timezone.utc) if moment.tzinfo else moment


def freshness(target: Target, project: Path, out: Console, select: tuple[str, ...] = ()) -> int:
    from runner import runlog

    args = ["source", "freshness"]
    select = tuple(part for value in select for part in value.split())
    manifest = None
    if select:
        args += ["--select", *select]
        manifest = dbt.check_selection(select, target, project, resource_types=("source",))
    # a run of its own in the history, never taken for an unfinished build (no build lock)
    run = runlog.begin(target, project, "freshness", selection=" ".join(args[2:]) or None, adopt=False)
    outcome = dbt.invoke(args, target, project, console=out, manifest=manifest)
    dbt.print_summary(outcome, out)
    runlog.record_freshness(run, outcome.nodes)
    runlog.finish(run, runlog.status_of(outcome), outcome.exit_code)
    return outcome.exit_code


def docs(target: Target, project: Path, out: Console, serve: bool, port: int) -> int:
    # docs generate compiles every node without running one: no progress lines
    outcome = dbt.invoke(["docs", "generate", "--static"], target, project, progress=False, console=out)
    if outcome.exit_code:
        dbt.print_summary(outcome, out)
        return outcome.exit_code
    site = target_path(project) / "static_index.html"
    out.print(f"docs written: {site} (one self-contained page with lineage; open it in a browser)")
    if serve:
        out.print(f"serving on http://127.0.0.1:{port} (Ctrl-C stops)")
        served = dbt.invoke(["docs", "serve", "--port", str(port), "--host", "127.0.0.1", "--no-browser"], target, project, progress=False, console=out)
        return served.exit_code
    return 0


def ensure_tool(name: str, extra: str = "dev") -> None:
    if shutil.which(name) is None:
        raise RunnerError(f"{name} is not installed", f"pip install -e '.[{extra}]'")


def check(target: Target, project: Path, out: Console, build: bool = True, wait: float = 0) -> int:
    """Lint, parse, build (unless told not to) and the conventions gate; every step reports."""
    from runner.conventions import check_conventions
    from runner.lint import lint

    results: dict[str, int] = {}
    out.print("lint")
    results["lint"] = lint(project, (), False, out)
    out.print("dbt parse")
    parsed = dbt.invoke(["parse"], target, project, progress=False, console=out)
    results["parse"] = parsed.exit_code
    if parsed.exit_code:
        dbt.print_summary(parsed, out)
    elif build:
        out.print("dbt build")
        with build_lock(target, wait, what="check") as lock:
            # recorded like any build, so that a later `runner build` knows what this one left
            manifest = dbt.parse(target, project)
            plan, store = plan_build(target, project, manifest, None, lock, "check", out)
            outcome = recorded_invoke(["build"], target, project, None, manifest, plan, store, None, out)
        results["build"] = outcome.exit_code
    if not parsed.exit_code:
        out.print("conventions (dbt-bouncer)")
        results["conventions"] = check_conventions(project, out, target_path(project))
    verdict = ", ".join(f"{step} {'ok' if code == 0 else 'FAILED'}" for step, code in results.items())
    out.print(f"check: {verdict}")
    return max(results.values())

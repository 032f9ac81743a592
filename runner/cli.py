"""`runner`: the click face of the warehouse. Each command parses, then calls runner.tasks.

Exit codes: 0 all passed; 1 a model or test failed (the summary names each); 2 the runner
or dbt could not run (bad arguments, no database, bad credentials), with a one-line reason
and a hint.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from datetime import date
from pathlib import Path

import click

from runner.errors import RunnerError

EXAMPLE = "\n\n\b\nExample:\n  "


def _fail(reason: str, hint: str | None = None) -> None:
    click.echo(f"error: {reason}", err=True)
    if hint:
        click.echo(f"hint:  {hint}", err=True)


def handled(func):
    """Turn a RunnerError (or a lost connection) into one line on stderr and exit 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        import psycopg

        try:
            code = func(*args, **kwargs)
        except RunnerError as exc:
            _fail(exc.reason, exc.hint)
            sys.exit(exc.exit_code)
        except psycopg.OperationalError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            _fail(f"lost the connection to the database: {first}", "check that it is running, then run the command again")
            sys.exit(2)
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            _fail(f"the database refused: {first}", "check the privileges of the target's user")
            sys.exit(2)
        except KeyboardInterrupt:
            _fail("interrupted: marts keep their last complete version", "run the command again when ready")
            sys.exit(130)
        except Exception as exc:
            if type(exc).__module__.split(".")[0] != "duckdb":
                raise
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            _fail(f"DuckDB refused: {first}", "is the DuckDB file open in another process?")
            sys.exit(2)
        sys.exit(code or 0)

    return wrapper


def target_options(func):
    func = click.option(
        "--profiles-dir", envvar="DBT_PROFILES_DIR", default=None,
        help="Where profiles.yml is (with --target). Default: as dbt looks.",
    )(func)
    func = click.option(
        "--target", "-t", envvar="DBT_TARGET", default=None,
        help="A target in profiles.yml, or duckdb (the built-in DuckDB file). Default: the embedded database.",
    )(func)
    return func


def _project() -> Path:
    from runner.config import project_dir

    return project_dir()


def _target(target: str | None, profiles_dir: str | None):
    from runner.context import resolve_target

    return resolve_target(target, profiles_dir, _project())


def _pg_target(target: str | None, profiles_dir: str | None, what: str):
    """The target of a command only PostgreSQL can run; a DuckDB target is one line, exit 2."""
    resolved = _target(target, profiles_dir)
    resolved.require_postgres(what)
    return resolved


def _console():
    from runner.tasks import console

    return console()


def _parse_date(value: str | None) -> date:
    from runner.demo import DEFAULT_END_DATE

    if value is None:
        return DEFAULT_END_DATE
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise RunnerError(f"--end-date must be a date YYYY-MM-DD, got '{value}'") from exc


class RunnerGroup(click.Group):
    """click's group, with its usage errors as one `error:` line and a hint (exit 2)."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else "runner"
            _fail(exc.format_message(), f"{where} --help")
            sys.exit(2)
        except click.Abort:
            _fail("aborted: nothing was done")
            sys.exit(130)
        except click.ClickException as exc:
            _fail(exc.format_message())
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def run() -> None:
    """The `runner` console script. A closed stdout (`runner build | head -1`) ends the
    process at once, as it would any Unix tool, instead of raising into dbt's threads; the
    database rolls back what was in flight and releases the build lock with the connection."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    main()


@click.group(cls=RunnerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="warehouse-runner")
def main() -> None:
    """Build, test and serve the analytics warehouse (a dbt project on PostgreSQL).

    With no --target, every command uses the embedded PostgreSQL in .runner/ (started on
    first use); --target duckdb uses the built-in DuckDB file in .runner/duckdb/. Start with
    `runner demo`.
    """


# ----- demo -----------------------------------------------------------------------------


@main.command(epilog=EXAMPLE + "runner demo --scale small --seed 7\n  runner demo --engine duckdb\n  runner demo --engine spark")
@click.option("--scale", default="small", show_default=True, help="small, medium, large, or a number of app users.")
@click.option("--seed", default=42, show_default=True, type=int, help="Same seed, same data.")
@click.option("--end-date", default=None, help="Last day of generated history (YYYY-MM-DD); also the build's as_of_date.")
@click.option("--engine", type=click.Choice(["postgres", "duckdb", "spark"]), default="postgres", show_default=True,
              help="Build on the embedded PostgreSQL, or copy the demo data into the built-in DuckDB file"
              " (RUNNER_HOME/duckdb/warehouse.duckdb) or a local Spark session's warehouse"
              " (RUNNER_HOME/spark/) and build there.")
@click.option("--wait", default=0.0, type=float, help="Seconds to wait for another build on this database.")
@click.option("--target", "-t", envvar="DBT_TARGET", default=None, hidden=True)
@handled
def demo(scale: str, seed: int, end_date: str | None, engine: str, wait: float, target: str | None) -> int:
    """The main job: start the embedded database, create and fill the sources with demo data,
    build and test every model, and print where the marts are and how to connect.

    With --engine duckdb the demo data is generated on the embedded database as always, then
    copied into the built-in DuckDB file, where every model is built and tested. With --engine
    spark it is copied into a local Spark session's warehouse (Parquet tables) and built there."""
    from runner.config import DUCKDB_TARGET, requested_target
    from runner.demo import parse_scale
    from runner.tasks import demo as run_demo

    named = requested_target(target)
    if named == DUCKDB_TARGET and engine != "duckdb":
        raise RunnerError("`runner demo` builds on the built-in DuckDB file with --engine duckdb, not --target duckdb",
                          "runner demo --engine duckdb")
    if named and named not in (DUCKDB_TARGET, "spark"):
        raise RunnerError(
            "`runner demo` runs on the embedded database only",
            f"to fill a warehouse's sources by name: runner sources load-demo --target {target}",
        )
    users = parse_scale(scale)
    end = _parse_date(end_date)  # bad values are named before the database starts
    if engine == "duckdb":
        from runner.engines.duckdb import builtin_target
        from runner.tasks import demo_duckdb

        project = _project()
        duck = builtin_target(project)
        return demo_duckdb(_target(None, None), duck, project, users, seed, end, wait, _console())
    if engine == "spark":
        from runner.tasks import demo_spark

        project = _project()
        spark = _target("spark", None)  # installed, and Java there: else one line, exit 2
        return demo_spark(_target(None, None), spark, project, users, seed, end, wait, _console())
    return run_demo(_target(None, None), _project(), users, seed, end, wait, _console())


# ----- db -------------------------------------------------------------------------------


@main.group()
def db() -> None:
    """The embedded database's lifecycle (state in RUNNER_HOME, default .runner/)."""


def _embedded():
    from runner.config import runner_home
    from runner.embedded import Embedded

    return Embedded(runner_home(_project()))


@db.command("start", epilog=EXAMPLE + "runner db start && psql \"$(runner db url)\"")
@handled
def db_start() -> int:
    """Start the embedded database (initialising it on first use)."""
    embedded = _embedded()
    layout = embedded.ensure_running()
    click.echo(f"embedded database running on 127.0.0.1:{layout.port} (data in {layout.pgdata})")
    return 0


@db.command("stop", epilog=EXAMPLE + "runner db stop")
@handled
def db_stop() -> int:
    """Stop the embedded database."""
    stopped = _embedded().stop()
    click.echo("embedded database stopped" if stopped else "embedded database was not running")
    return 0


@db.command("status", epilog=EXAMPLE + "runner db status")
@handled
def db_status() -> int:
    """Say whether the embedded database is initialised and running, and where."""
    status = _embedded().status()
    if not status.initialized:
        click.echo("embedded database: not initialised (`runner db start` or `runner demo` creates it)")
    elif status.running:
        click.echo(f"embedded database: running, PostgreSQL {status.version}, pid {status.pid}, "
                   f"127.0.0.1:{status.port}, data {status.pgdata}")
    else:
        click.echo(f"embedded database: stopped, PostgreSQL {status.version}, data {status.pgdata}")
    return 0


@db.command("url", epilog=EXAMPLE + "psql \"$(runner db url)\"")
@click.option("--target", "-t", envvar="DBT_TARGET", default=None, hidden=True)
@click.option("--profiles-dir", envvar="DBT_PROFILES_DIR", default=None, hidden=True)
@handled
def db_url(target: str | None, profiles_dir: str | None) -> int:
    """Print the DSN of the running embedded database (for psql and BI tools)."""
    from runner.context import requested_engine

    if requested_engine(target, profiles_dir, _project()) == "duckdb":
        raise RunnerError(f"runner db url needs PostgreSQL; target {target} is duckdb",
                          "a DuckDB target is a file: `runner build --target duckdb` prints its path")
    click.echo(_embedded().url())
    return 0


@db.command("reset", epilog=EXAMPLE + "runner db reset --yes")
@click.option("--yes", is_flag=True, help="Do not ask before deleting.")
@click.option("--new-password", is_flag=True, help="Also generate a new password (default: keep it).")
@handled
def db_reset(yes: bool, new_password: bool) -> int:
    """Stop the embedded database and delete all its data: sources, marts, and every BI login
    and tenant grant made with `runner access`. The port and the password stay, so saved
    connections keep working (a new password only with --new-password)."""
    embedded = _embedded()
    question = (f"Delete the embedded database in {embedded.home} and all its data"
                " (sources, marts, every BI login and tenant grant)?")
    if not yes:
        try:
            confirmed = click.confirm(question)
        except click.Abort as exc:  # no answer: stdin closed, or Ctrl-C at the prompt
            raise RunnerError("no answer to the question, so nothing was deleted", "pass --yes to delete without asking") from exc
        if not confirmed:
            click.echo("nothing deleted")
            return 0
    kept = embedded.reset(keep_password=not new_password)
    click.echo("embedded database deleted, with its BI logins and tenant grants; the next command starts a fresh one"
               + (f" on port {kept} with the same password" if kept and not new_password else "")
               + (f" on port {kept} with a new password" if kept and new_password else ""))
    return 0


# ----- access ---------------------------------------------------------------------------


@main.group()
def access() -> None:
    """Which tenant rows each BI login may read (org marts by org, affiliate marts by affiliate).

    Decided by the database from who the login is; nothing a login runs can widen it.
    """


def _access_request(login, org, affiliate, everything, password_file=None):
    from runner.access import Request, read_password_file

    password = read_password_file(password_file) if password_file else None
    return Request(login=login, orgs=tuple(org), affiliates=tuple(affiliate), everything=everything, password=password)


def tenant_options(func):
    func = click.option("--all", "everything", is_flag=True, help="Every tenant (membership of bi_admin).")(func)
    func = click.option("--affiliate", multiple=True, metavar="ID", help="An affiliate id (repeatable).")(func)
    func = click.option("--org", multiple=True, metavar="ID", help="An organization id (repeatable).")(func)
    return func


@access.command(
    "grant",
    epilog=EXAMPLE + "runner access grant dealer_dash --org 1\n  runner access grant partner_dash --affiliate AFF00001"
    " --password-file pw.txt\n  runner access grant ops_admin --all",
)
@click.argument("login")
@tenant_options
@click.option("--password-file", default=None, help="Password for a login this creates (default: generated, printed once).")
@target_options
@handled
def access_grant(login, org, affiliate, everything, password_file, target, profiles_dir) -> int:
    """Let LOGIN read a tenant's rows; creates LOGIN (a member of bi_reader) if it does not exist."""
    from runner.access import grant

    request = _access_request(login, org, affiliate, everything, password_file)
    return grant(_pg_target(target, profiles_dir, "runner access grant"), _project(), request, _console())


@access.command("revoke", epilog=EXAMPLE + "runner access revoke dealer_dash --org 1")
@click.argument("login")
@tenant_options
@target_options
@handled
def access_revoke(login, org, affiliate, everything, target, profiles_dir) -> int:
    """Take back what `runner access grant` gave LOGIN (the login itself stays)."""
    from runner.access import revoke

    request = _access_request(login, org, affiliate, everything)
    return revoke(_pg_target(target, profiles_dir, "runner access revoke"), _project(), request, _console())


@access.command("list", epilog=EXAMPLE + "runner access list")
@target_options
@handled
def access_list(target, profiles_dir) -> int:
    """Every BI login with the tenants it may read."""
    from runner.access import list_access

    return list_access(_pg_target(target, profiles_dir, "runner access list"), _project(), _console())


# ----- sources --------------------------------------------------------------------------


@main.group()
def sources() -> None:
    """The source systems' raw tables."""


@sources.command("init", epilog=EXAMPLE + "runner sources init\n  runner sources init --target prod\n  runner sources init --target duckdb")
@target_options
@handled
def sources_init(target: str | None, profiles_dir: str | None) -> int:
    """Create any missing source schemas and tables (idempotent; never drops anything).

    On a DuckDB target: the same tables, made on the embedded database from its DDL and
    created (empty) in the DuckDB file where missing."""
    from runner.tasks import sources_init as run

    return run(_target(target, profiles_dir), _project(), _console())


@sources.command("load-demo", epilog=EXAMPLE + "runner sources load-demo --scale medium --seed 1\n  runner sources load-demo --scale medium --seed 1 --delta 0.01\n  runner sources load-demo --target duckdb")
@click.option("--scale", default="small", show_default=True, help="small, medium, large, or a number of app users.")
@click.option("--seed", default=42, show_default=True, type=int, help="Same seed, same data.")
@click.option("--end-date", default=None, help="Last day of generated history (YYYY-MM-DD).")
@click.option("--wait", default=0.0, type=float, help="Seconds to wait for a build on this database.")
@click.option("--delta", type=click.FloatRange(0, 1, min_open=True), default=None,
              help="Append a delta of this fraction (e.g. 0.01) to the loaded demo instead of replacing it.")
@target_options
@handled
def sources_load_demo(scale, seed, end_date, wait, delta, target, profiles_dir) -> int:
    """Fill the sources with generated data (replaces what the generators own), or with
    --delta append the next day's load (new rows, late arrivals, records loaded again).

    On a DuckDB target the data is generated on the embedded database, then every source
    table is copied into the DuckDB file (replacing its copy)."""
    from runner.demo import parse_scale
    from runner.tasks import sources_load_demo as run

    users = parse_scale(scale)
    end = _parse_date(end_date)
    rows = run(_target(target, profiles_dir), _project(), users, seed, end, wait, _console(),
               delta=delta)
    click.echo(f"loaded {sum(rows.values()):,} rows into {len(rows)} tables")
    return 0


# ----- build, freshness, docs -------------------------------------------------------------


@main.command(epilog=EXAMPLE + "runner build --select marts.product --vars '{as_of_date: 2026-06-30}'"
              "\n  runner build --full-tests --all\n  runner build --job etl_zoom_metrics --notify https://hooks.example.com/T0/B0/x")
@click.option("--job", default=None, metavar="NAME", help="Build one job of selectors.yml (`runner jobs` lists them), after checking its sources' freshness.")
@click.option("--notify", "notify_url", envvar="RUNNER_NOTIFY_URL", default=None, metavar="URL",
              help="POST a JSON alert here when the build fails or a source is stale past its error_after (env RUNNER_NOTIFY_URL).")
@click.option("--select", "-s", multiple=True, help="dbt node selection (repeatable; or several in quotes).")
@click.option("--exclude", multiple=True, help="dbt node exclusion (repeatable; or several in quotes).")
@click.option("--full-refresh", is_flag=True, help="Rebuild incremental models from scratch (and test every row).")
@click.option("--full-tests", is_flag=True, help="Test every row, not only the rows this build wrote (test_scope: all).")
@click.option("--all", "everything", is_flag=True, help="Build every domain, even those with nothing new since their last build.")
@click.option("--vars", "dbt_vars", default=None, help="dbt vars as YAML, e.g. '{as_of_date: 2026-06-30}'.")
@click.option("--wait", default=0.0, type=float, help="Seconds to wait for another build on this target.")
@target_options
@handled
def build(job, notify_url, select, exclude, full_refresh, full_tests, everything, dbt_vars, wait, target,
          profiles_dir) -> int:
    """`dbt build`: seeds, snapshots, models and tests, one progress line per node.

    A domain (a source system and everything that reads it) whose sources, vars and code are
    as they were at its last successful build is skipped, with one line saying so; --all,
    --job, --select, --full-refresh and --full-tests skip nothing. Every build is recorded in
    the run history (marts_ops)."""
    from runner.dbt import merge_vars
    from runner.tasks import build as run

    if job and select:
        raise RunnerError("--job and --select cannot be combined: a job is its own selection",
                          "runner build --job NAME, or runner build --select ...")
    merge_vars(dbt_vars, project=_project())  # a bad var is named before anything starts
    return run(
        _target(target, profiles_dir), _project(), _console(),
        select=select, exclude=exclude, full_refresh=full_refresh, dbt_vars=dbt_vars, wait=wait,
        full_tests=full_tests, everything=everything, job=job, notify_url=notify_url or None,
    )


@main.command(epilog=EXAMPLE + "runner jobs\n  runner jobs --crontab | crontab -")
@click.option("--crontab", "as_crontab", is_flag=True, help="Print the crontab lines that run every job on this machine.")
@target_options
@handled
def jobs(as_crontab: bool, target, profiles_dir) -> int:
    """The scheduled jobs (selectors.yml): schedule, time zone, organizations, owner, marts and
    the last run of each on the target."""
    from runner.tasks import jobs as run

    return run(_target(target, profiles_dir), _project(), _console(), as_crontab)


@main.command(epilog=EXAMPLE + "runner freshness --select source:aiop")
@click.option("--select", "-s", multiple=True, help="Sources to check (dbt selection).")
@target_options
@handled
def freshness(select, target, profiles_dir) -> int:
    """`dbt source freshness`: how late each loaded source is."""
    from runner.tasks import freshness as run

    return run(_target(target, profiles_dir), _project(), _console(), select=select)


@main.command(epilog=EXAMPLE + "runner docs --serve --port 8080")
@click.option("--serve", is_flag=True, help="Serve the site on localhost after generating it.")
@click.option("--port", default=8080, show_default=True, type=int)
@target_options
@handled
def docs(serve, port, target, profiles_dir) -> int:
    """dbt docs: one static page with every model, column, test and the lineage graph."""
    from runner.tasks import docs as run

    return run(_target(target, profiles_dir), _project(), _console(), serve, port)


@main.command(epilog=EXAMPLE + "runner bench --scale medium --json bench-medium.json")
@click.option("--scale", default="small", show_default=True, help="small, medium, large, or a number of app users.")
@click.option("--seed", default=42, show_default=True, type=int)
@click.option("--json", "json_path", default=None, help="Also write the figures to this JSON file.")
@handled
def bench(scale: str, seed: int, json_path: str | None) -> int:
    """Time generation, a full build, an incremental build after a 1% delta and every mart's
    dashboard query on a fresh embedded database, against a baseline pass over app events."""
    import json

    from runner.bench import print_report, run_bench
    from runner.config import runner_home
    from runner.demo import parse_scale

    users = parse_scale(scale)
    project = _project()
    out = _console()
    report = run_bench(project, runner_home(project) / f"bench-{scale}", scale, users, seed, out)
    print_report(report, out)
    if json_path:
        Path(json_path).write_text(json.dumps(report.to_json(), indent=2, default=str) + "\n")
        out.print(f"figures written to {json_path}")
    return 1 if report.failures else 0


# ----- metrics ----------------------------------------------------------------------------


def _names(values: tuple[str, ...]) -> list[str]:
    """Repeatable options that also take comma-separated names: `-m a,b -m c` is [a, b, c]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@main.group()
def metrics() -> None:
    """The semantic layer: metrics defined once in YAML, queried through MetricFlow (`mf`) on
    the target's built marts. Build first (`runner build`); the metrics read what it left."""


@metrics.command("list", epilog=EXAMPLE + "runner metrics list\n  runner metrics list --dimensions")
@click.option("--dimensions", is_flag=True, help="Show each metric's dimensions instead of its description.")
@target_options
@handled
def metrics_list(dimensions: bool, target, profiles_dir) -> int:
    """Every metric with its type and description (or the dimensions it can be grouped by)."""
    from runner.metrics import list_metrics, print_metrics

    found = list_metrics(_target(target, profiles_dir), _project())
    print_metrics(found, _console(), dimensions=dimensions)
    return 0


@metrics.command(
    "query",
    epilog=EXAMPLE + "runner metrics query --metrics active_users --group-by metric_time__month"
    "\n  runner metrics query -m active_users,dashboard_users -g metric_time__quarter"
    " --where \"{{ Dimension('user_activity__email_validated') }}\""
    "\n  runner metrics query -m wau,mau_28d,stickiness -g metric_time__day --order -metric_time__day --limit 7"
    "\n  runner metrics query -m org_revenue -g metric_time__month,org__org_name --csv revenue.csv",
)
@click.option("--metrics", "-m", "metric_names", multiple=True, required=True,
              help="Metrics to query (repeatable, or comma-separated).")
@click.option("--group-by", "-g", multiple=True, help="Dimensions, e.g. metric_time__month (repeatable, or comma-separated).")
@click.option("--where", "-w", multiple=True,
              help="A filter in MetricFlow's syntax, e.g. \"{{ Dimension('user_activity__intent_category') }} = 'invest'\" (repeatable: all must hold).")
@click.option("--order", "-o", multiple=True, help="Order by these metrics or dimensions; a leading - sorts descending. Default: the group-by items.")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@click.option("--start-time", default=None, help="Only periods from this date on (YYYY-MM-DD, inclusive).")
@click.option("--end-time", default=None, help="Only periods up to this date (YYYY-MM-DD, inclusive).")
@click.option("--csv", "csv_path", default=None, help="Also write the rows to this CSV file.")
@click.option("--explain", is_flag=True, help="Print the SQL MetricFlow would run instead of running it.")
@target_options
@handled
def metrics_query(metric_names, group_by, where, order, limit, start_time, end_time, csv_path, explain,
                  target, profiles_dir) -> int:
    """`mf query` on the target: the metrics, grouped by the dimensions, as a table."""
    from runner import metrics as semantic

    names = _names(metric_names)
    groups = _names(group_by)
    ordering = _names(order)
    for label, value in (("--start-time", start_time), ("--end-time", end_time)):
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError as exc:
                raise RunnerError(f"{label} must be a date YYYY-MM-DD, got '{value}'") from exc
    resolved = _target(target, profiles_dir)
    if explain:
        click.echo(semantic.explain(resolved, _project(), names, groups, list(where), ordering, limit))
        return 0
    result = semantic.query(resolved, _project(), names, groups, list(where), ordering, limit, start_time, end_time)
    semantic.print_result(result, _console(), names)
    if csv_path:
        semantic.write_csv(result, Path(csv_path))
    return 0


# ----- lint and check ---------------------------------------------------------------------


@main.command(epilog=EXAMPLE + "runner lint models/marts/product\n  runner lint --fix")
@click.option("--fix", is_flag=True, help="Fix what sqlfluff can fix, in place.")
@click.argument("paths", nargs=-1)
@handled
def lint(fix: bool, paths: tuple[str, ...]) -> int:
    """sqlfluff over the SQL (models, macros, tests, snapshots); no database needed."""
    from runner.lint import lint as run

    return run(_project(), paths, fix, _console())


@main.command(epilog=EXAMPLE + "runner check\n  runner check --no-build")
@click.option("--no-build", is_flag=True, help="Lint, parse and conventions only (no build).")
@click.option("--wait", default=0.0, type=float, help="Seconds to wait for another build on this target.")
@target_options
@handled
def check(no_build: bool, wait: float, target, profiles_dir) -> int:
    """What CI gates on: lint, dbt parse, build, and the conventions gate."""
    from runner.tasks import check as run

    return run(_target(target, profiles_dir), _project(), _console(), build=not no_build, wait=wait)


if __name__ == "__main__":  # pragma: no cover
    run()

"""The warehouse's own run history: every build, its nodes and its source freshness checks.

Each `runner build` (also `runner demo`, `runner check`, a job) writes one row to
runner_log.runs when it starts (status `running`) and completes it when it ends, with one
row per node dbt reported in runner_log.node_results; `runner freshness` and a job's
freshness check write runner_log.freshness_checks. The tables live in the target's own
database (PostgreSQL, or the DuckDB file), in a schema no BI role is granted; the marts of
marts_ops (models/marts/ops/) are views on them, read by bi_admin only.

A build that is killed (SIGKILL, a lost machine) cannot complete its row: the next build
on the same target finds it still `running` under the build lock, which only one build
holds at a time, and records it as `interrupted`.

Writing the history never fails a build: a target where the runner may not create its
schema says so in one line and builds as always.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from runner.config import Target
from runner.errors import RunnerError

SCHEMA = "runner_log"
# one statement each, the same on PostgreSQL and DuckDB
DDL = (
    f"create schema if not exists {SCHEMA}",
    f"""create table if not exists {SCHEMA}.runs (
        run_id text primary key,
        command text not null,
        job text,
        selection text,
        target_name text not null,
        engine text not null,
        as_of_date date,
        git_revision text,
        started_at timestamptz not null,
        ended_at timestamptz,
        status text not null,
        exit_code integer,
        pid integer,
        host text
    )""",
    f"""create table if not exists {SCHEMA}.node_results (
        run_id text not null,
        unique_id text not null,
        resource_type text not null,
        node_name text not null,
        status text not null,
        execution_seconds double precision,
        rows_affected bigint,
        failures bigint,
        message text,
        primary key (run_id, unique_id)
    )""",
    f"""create table if not exists {SCHEMA}.freshness_checks (
        run_id text not null,
        source_unique_id text not null,
        source_name text not null,
        table_name text not null,
        status text not null,
        max_loaded_at timestamptz,
        age_seconds double precision,
        warn_after text,
        error_after text,
        checked_at timestamptz not null,
        primary key (run_id, source_unique_id)
    )""",
)
# what a run's status is, from dbt's outcome
MESSAGE_CHARS = 500


@dataclass
class Run:
    """One recorded run: where it is written and what it is."""

    target: Target
    run_id: str
    command: str
    job: str | None = None
    started_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    warning: str | None = None


def _now() -> datetime:
    return datetime.now(timezone.utc)


def git_revision(project: Path) -> str | None:
    """The project's commit (with `-dirty` when its files differ from it), or None outside git."""
    try:
        head = subprocess.run(["git", "-C", str(project), "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, timeout=5)
        if head.returncode != 0:
            return None
        dirty = subprocess.run(["git", "-C", str(project), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10)
        return head.stdout.strip() + ("-dirty" if dirty.returncode == 0 and dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return None


@contextlib.contextmanager
def _connection(target: Target):
    """A short autocommit connection to the target: (connection, parameter marker)."""
    if target.engine == "spark":
        raise RunnerError("the run history is kept on PostgreSQL and DuckDB targets; Spark runs are not recorded")
    if target.engine == "duckdb":
        from runner.engines import duckdb as engine

        conn = engine.connect(engine.database_file(target))
        try:
            yield conn, "?"
        finally:
            conn.close()
        return
    from runner.db import connect

    with connect(target, application_name="runner history") as conn:
        yield conn, "%s"


def _execute(conn, marker: str, statement: str, params=()) -> None:
    conn.execute(statement.replace("%s", marker), params)


def _executemany(conn, marker: str, statement: str, rows: list[tuple]) -> None:
    if not rows:
        return
    if marker == "?":
        conn.executemany(statement.replace("%s", marker), rows)
    else:
        with conn.cursor() as cursor:
            cursor.executemany(statement, rows)


def ensure(conn, marker: str) -> None:
    for statement in DDL:
        _execute(conn, marker, statement)


def begin(target: Target, project: Path, command: str, job: str | None = None, selection: str | None = None,
          dbt_vars: str | None = None, adopt: bool = True) -> Run:
    """Record a run as started (`running`). With `adopt` (the caller holds the target's build
    lock), any earlier run of this target still `running` is recorded as `interrupted`."""
    run = Run(target=target, run_id=uuid.uuid4().hex, command=command, job=job)
    as_of = _as_of_date(dbt_vars)
    try:
        with _connection(target) as (conn, marker):
            ensure(conn, marker)
            if adopt:
                _execute(conn, marker, f"update {SCHEMA}.runs set status = 'interrupted'"
                         " where status = 'running' and target_name = %s", (target.name,))
            _execute(conn, marker,
                     f"insert into {SCHEMA}.runs (run_id, command, job, selection, target_name, engine, as_of_date,"
                     " git_revision, started_at, status, pid, host) values (%s, %s, %s, %s, %s, %s, %s, %s, %s,"
                     " 'running', %s, %s)",
                     (run.run_id, command, job, selection, target.name, target.engine, as_of,
                      git_revision(project), run.started_at, os.getpid(), socket.gethostname()))
    except Exception as exc:  # never fails the build: said once, and the run is not recorded
        run.warning = _brief(exc)
    return run


def finish(run: Run, status: str, exit_code: int, nodes=()) -> None:
    """Complete a run's row with its end, status and exit code, and one row per node."""
    if run.warning:
        return
    rows = [(run.run_id, node.unique_id, node.resource_type, node.name, node.status, node.seconds,
             node.rows_affected, node.failures, _message(node.message)) for node in _unique(nodes)]
    with _writing(run) as (conn, marker):
        _insert(conn, marker, "node_results", ("run_id", "unique_id", "resource_type", "node_name", "status",
                                               "execution_seconds", "rows_affected", "failures", "message"), rows)
        _execute(conn, marker, f"update {SCHEMA}.runs set ended_at = %s, status = %s, exit_code = %s"
                 " where run_id = %s", (_now(), status, exit_code, run.run_id))


def record_freshness(run: Run, nodes) -> None:
    """One row per source whose freshness was checked in this run."""
    if run.warning:
        return
    checked = _now()
    rows = []
    for node in _unique(nodes):
        if node.resource_type != "source":
            continue
        source_name, _, table_name = node.name.partition(".")
        details = node.details or {}
        rows.append((run.run_id, node.unique_id, source_name, table_name, node.status, details.get("max_loaded_at"),
                     details.get("age_seconds"), details.get("warn_after"), details.get("error_after"), checked))
    with _writing(run) as (conn, marker):
        _insert(conn, marker, "freshness_checks", ("run_id", "source_unique_id", "source_name", "table_name", "status",
                                                   "max_loaded_at", "age_seconds", "warn_after", "error_after",
                                                   "checked_at"), rows)


@contextlib.contextmanager
def _writing(run: Run):
    """A connection for one step of a run's record: a failure is kept as the run's warning
    (the caller says it once) and never reaches the build."""
    try:
        with _connection(run.target) as connection:
            yield connection
    except Exception as exc:
        run.warning = _brief(exc)


def _insert(conn, marker: str, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    _executemany(conn, marker, f"insert into {SCHEMA}.{table} ({', '.join(columns)})"
                 f" values ({', '.join(['%s'] * len(columns))})", rows)


def status_of(outcome) -> str:
    """A run's status from dbt's outcome: success, failed (a node failed), error (dbt could
    not run, or the connection was lost), interrupted (Ctrl-C)."""
    if outcome is None:
        return "success"
    if outcome.interrupted:
        return "interrupted"
    code = outcome.exit_code
    if code == 0:
        return "success"
    if code == 1:
        return "failed"
    return "error"


def last_runs(target: Target) -> dict[str, tuple[str, datetime | None]]:
    """Per job: the status and start of its latest run on the target ({} when none is recorded)."""
    try:
        with _connection(target) as (conn, marker):
            rows = conn.execute(
                f"select job, status, started_at from {SCHEMA}.runs as r where job is not null and started_at = ("
                f" select max(started_at) from {SCHEMA}.runs as l where l.job = r.job)").fetchall()
    except Exception:
        return {}
    return {job: (status, started) for job, status, started in rows}


def _as_of_date(dbt_vars: str | None) -> date | None:
    value = (json.loads(dbt_vars) if dbt_vars else {}).get("as_of_date")
    if value:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return None
    return datetime.now(timezone.utc).date()


def _unique(nodes):
    seen: set[str] = set()
    for node in nodes:
        if node.unique_id not in seen:
            seen.add(node.unique_id)
            yield node


def _message(message: str) -> str | None:
    """A node's message in one line (runner.dbt.message_line), cut to MESSAGE_CHARS."""
    from runner.dbt import message_line

    return message_line(message)[:MESSAGE_CHARS] or None


def _brief(exc: Exception) -> str:
    from runner.dbt import first_line

    return first_line(exc) or type(exc).__name__

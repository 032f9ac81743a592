"""Connections to the warehouse with errors a person can act on, and the build lock."""

from __future__ import annotations

import contextlib
import os
import time

import psycopg

from runner.config import Target
from runner.errors import RunnerError

# pg_advisory_lock(classid, objid): one lock per database for everything that writes it
# (builds and demo loads), so two runs against one target never interleave.
LOCK_CLASS = 0x52554E  # "RUN"
LOCK_BUILD = 1


def connect(target: Target, autocommit: bool = True, application_name: str = "runner") -> psycopg.Connection:
    """Open a connection, or raise a one-line RunnerError saying what is wrong and what to do."""
    try:
        return psycopg.connect(
            **target.conninfo(application_name=application_name), autocommit=autocommit
        )
    except psycopg.OperationalError as exc:
        raise connection_error(target, exc) from exc


def connection_error(target: Target, exc: Exception) -> RunnerError:
    text = str(exc)
    where = f"{target.where} (target {target.name})"
    auth_failed = "password authentication failed" in text or "no password supplied" in text
    if auth_failed and not target.password and target.password_var and not os.environ.get(target.password_var):
        return RunnerError(
            f"target {target.name} has no password: the env var {target.password_var} it reads is not set",
            f"export {target.password_var}=... before the command (see profiles.yml.example)",
        )
    if auth_failed:
        return RunnerError(
            f"wrong password for user {target.user} at {where}: the server refused it",
            f"fix the password in the profile{' (env var ' + target.password_var + ')' if target.password_var else ''}",
        )
    if "role" in text and "does not exist" in text:
        return RunnerError(f"user {target.user} does not exist at {where}", "fix user in the profile")
    if "does not exist" in text and "database" in text:
        return RunnerError(f"database {target.dbname} does not exist at {where}", "create it, or fix dbname in the profile")
    if "could not translate host name" in text or "Name or service not known" in text:
        return RunnerError(f"unknown host {target.host} for {where}", "fix host in the profile")
    if "timeout" in text.lower():
        return RunnerError(f"no answer from the database at {where} (timed out)", "check the host, port and network")
    if "Connection refused" in text or "connection failed" in text or "could not connect" in text:
        hint = "run `runner db start`" if target.embedded else "is the server running? check host and port in the profile"
        return RunnerError(f"cannot reach the database at {where}: connection refused", hint)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return RunnerError(f"cannot connect to {where}: {first}", "check the profile")


@contextlib.contextmanager
def build_lock(target: Target, wait_seconds: float = 0, what: str = "build"):
    """Hold the target's build lock for the duration of a build or a demo load.

    A second runner on the same target waits up to `wait_seconds` for the first to finish,
    then fails fast with a message naming the holder. The lock is a session-level
    PostgreSQL advisory lock: it goes away with its connection, so a killed build never
    leaves it behind. On a DuckDB target it is a file lock (runner.engines.duckdb), and
    what it yields is None instead of the connection.
    """
    if target.engine in ("duckdb", "spark"):  # a file lock: Spark's Derby metastore admits one process
        from runner.engines.duckdb import build_lock as file_lock

        with file_lock(target, wait_seconds, what):
            yield None
        return
    conn = connect(target, application_name=f"runner {what} (pid {os.getpid()})")
    try:
        deadline = time.monotonic() + max(wait_seconds, 0)
        while True:
            got = conn.execute("select pg_try_advisory_lock(%s, %s)", (LOCK_CLASS, LOCK_BUILD)).fetchone()[0]
            if got:
                break
            if time.monotonic() >= deadline:
                holder = _lock_holder(conn)
                raise RunnerError(
                    f"another runner is already writing to {target.where} (target {target.name}){holder}",
                    "wait for it to finish, or pass --wait SECONDS to queue behind it",
                )
            time.sleep(0.5)
        yield conn
    finally:
        with contextlib.suppress(Exception):
            conn.close()


def _lock_holder(conn: psycopg.Connection) -> str:
    row = conn.execute(
        "select a.application_name, a.backend_start"
        " from pg_locks as l join pg_stat_activity as a on a.pid = l.pid"
        " where l.locktype = 'advisory' and l.classid = %s and l.objid = %s and l.granted",
        (LOCK_CLASS, LOCK_BUILD),
    ).fetchone()
    if not row:
        return ""
    return f": {row[0] or 'a session'} since {row[1]:%H:%M:%S}"

"""`runner sources load-demo`: fill the source systems with generated, deterministic data.

One generator module per source system (`runner/demo/<system>.py`), each exposing
`generate(ctx)`. A generator replaces its own tables' contents (truncate, then set-based
`insert ... select` or COPY; never row-by-row inserts), so a load is repeatable: the same
scale, seed and end date give the same rows.

A base load builds each table's indexes and unique/primary keys once over the filled table
(dropped before the generator runs and created again, with the DDL's names and definitions,
before its transaction commits), and loads the systems side by side on their own
connections, one per CPU core. Neither changes a row: every generator is independent of
the others and of the order of its writes.

A module may also expose `delta(ctx, fraction)`: it appends about `fraction` of its rows as
the next load would bring them (the day after the end date, plus late arrivals and records
loaded again), for incremental builds and `runner bench`. `ctx.end_date` is still the last
day of the base history; the delta's new day is `ctx.end_date + 1`.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta

import psycopg

from runner.errors import RunnerError
from runner.sources import SYSTEMS

# scale name -> number of app users; the other systems scale with it
SCALES = {"small": 2_000, "medium": 50_000, "large": 500_000}
# the last day of generated history: fixed, so the same seed gives the same data any day
DEFAULT_END_DATE = date(2026, 10, 31)
# the order in which systems are handed to the load's connections (the report still follows
# SYSTEMS): on two cores finance and aiop share one connection and app, affiliate and
# spendsense the other, which (by their CPU time at medium: 18, 11, 14, 8 and 5 s) finish
# at about the same time
LOAD_ORDER = ("finance", "app", "affiliate", "aiop", "spendsense")
# every source system (one list, runner.sources.SYSTEMS), in load order; a system has a
# generator when runner/demo/<system>.py exists
GENERATORS = tuple(
    system for system in SYSTEMS if importlib.util.find_spec(f"runner.demo.{system}") is not None
)


@dataclass
class DemoContext:
    conn: psycopg.Connection
    schemas: dict[str, str]
    users: int
    seed: int
    end_date: date
    rows: dict[str, int] = field(default_factory=dict)
    analyzed: dict[str, str] = field(default_factory=dict)

    @property
    def factor(self) -> float:
        """How many times larger than `small` this load is."""
        return self.users / SCALES["small"]

    def schema(self, system: str) -> str:
        return '"' + self.schemas[system].replace('"', '""') + '"'

    def execute(self, sql: str, params: dict | tuple | None = None) -> int:
        cursor = self.conn.execute(sql, params)
        return cursor.rowcount

    def record(self, system: str, table: str, count: int) -> None:
        """Note how many rows a table received (for the report, and to analyze it)."""
        name = f"{self.schemas[system]}.{table}"
        self.rows[name] = self.rows.get(name, 0) + count
        self.analyzed[name] = f"{self.schema(system)}.\"{table}\""


def parse_scale(value: str) -> int:
    """`small`, `medium`, `large`, or a positive number of app users."""
    text = str(value).strip().lower()
    if text in SCALES:
        return SCALES[text]
    if text.isdigit() and int(text) > 0:
        return int(text)
    raise RunnerError(
        f"unknown scale '{value}'",
        "use small, medium, large, or a number of app users such as 10000",
    )


def load_demo(
    conn: psycopg.Connection,
    schemas: dict[str, str],
    users: int,
    seed: int,
    end_date: date = DEFAULT_END_DATE,
    systems: tuple[str, ...] = GENERATORS,
    report=None,
    workers: int | None = None,
) -> dict[str, int]:
    """Run each system's generator in its own transaction; returns rows per table.

    Systems load side by side on `workers` connections (default: one per CPU core); the
    report and the returned rows follow the order of `systems` whatever the timing.
    """
    unknown = [system for system in systems if system not in GENERATORS]
    if unknown:
        raise RunnerError(
            f"no demo generator for {', '.join(unknown)}",
            f"choose from {', '.join(GENERATORS)}",
        )
    _ensure_load_log(conn)
    workers = min(len(systems), workers or os.cpu_count() or 1)
    if workers <= 1 or conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        results = {}
        for system in systems:
            results[system] = _load_system(conn, schemas, users, seed, end_date, system)
            if report:
                report(system, *results[system])
        return {table: n for system in systems for table, n in results[system][0].items()}

    opened: list[psycopg.Connection] = []
    lock = threading.Lock()

    def load(system: str) -> tuple[dict[str, int], float]:
        with lock:
            worker_conn = _connect_like(conn)
            opened.append(worker_conn)
        with worker_conn:
            return _load_system(worker_conn, schemas, users, seed, end_date, system)

    order = sorted(systems, key=lambda system: LOAD_ORDER.index(system) if system in LOAD_ORDER else len(LOAD_ORDER))
    rows: dict[str, int] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="demo") as pool:
        futures = {system: pool.submit(load, system) for system in order}
        try:
            for system in systems:
                added, seconds = futures[system].result()
                rows.update(added)
                if report:
                    report(system, added, seconds)
        except BaseException:
            # an error or Ctrl-C: stop the other systems' loads (their transactions roll back)
            for future in futures.values():
                future.cancel()
            with lock:
                for worker_conn in opened:
                    if not worker_conn.closed:
                        worker_conn.cancel_safe()
            raise
    return rows


def _connect_like(conn: psycopg.Connection) -> psycopg.Connection:
    """Another autocommit connection to the same database as `conn`, as the same user."""
    return psycopg.connect(**conn.info.get_parameters(), password=conn.info.password, autocommit=True)


def _load_system(
    conn: psycopg.Connection, schemas: dict[str, str], users: int, seed: int, end_date: date, system: str
) -> tuple[dict[str, int], float]:
    """One system's base load in one transaction, then ANALYZE of its tables: (rows per table, seconds)."""
    started = time.monotonic()
    module = importlib.import_module(f"runner.demo.{system}")
    ctx = DemoContext(conn=conn, schemas=schemas, users=users, seed=seed, end_date=end_date)
    with conn.transaction():
        _yield_to_autovacuum_quickly(conn)
        rebuild = drop_keys(conn, schemas[system])
        module.generate(ctx)
        for statement in rebuild:
            conn.execute(statement)
        record_load(conn, schemas[system], end_date)
    for table in ctx.rows:
        conn.execute(f"analyze {ctx.analyzed[table]}")
    return dict(ctx.rows), time.monotonic() - started


def _yield_to_autovacuum_quickly(conn: psycopg.Connection) -> None:
    """Make an autovacuum of the previous load's tables give way at once, for this transaction.

    Dropping a key or truncating a table waits for an autovacuum (or autoanalyze) working on
    it; the autovacuum is cancelled only when the waiting transaction's deadlock check runs,
    after deadlock_timeout (1 s by default): a load that follows another soon after stalled
    up to a second per such table. A superuser may shorten it for the load's transaction
    (nothing else changes; for other roles it stays as it is).
    """
    conn.execute(
        "select set_config('deadlock_timeout', '20ms', true)"
        " where exists (select 1 from pg_roles where rolname = current_user and rolsuper)"
    )


def drop_keys(conn: psycopg.Connection, schema: str) -> list[str]:
    """Drop the indexes and primary/unique keys of a schema's tables; return the statements
    that create them again, with their names and definitions as the catalog had them.

    Building an index once over a filled table is several times faster than maintaining it
    row by row (random uuid and text keys most of all); uniqueness is checked when a key is
    added back. A partitioned table's keys and indexes are dropped and created on the parent,
    which does the same for every partition. Run it in the load's transaction: a failure
    leaves the tables as they were.
    """
    keys = conn.execute(
        "select format('alter table %%I.%%I drop constraint %%I', n.nspname, c.relname, con.conname),"
        " format('alter table %%I.%%I add constraint %%I %%s', n.nspname, c.relname, con.conname,"
        " pg_get_constraintdef(con.oid))"
        " from pg_constraint as con"
        " inner join pg_class as c on c.oid = con.conrelid"
        " inner join pg_namespace as n on n.oid = c.relnamespace"
        " where n.nspname = %s and con.contype in ('p', 'u') and con.conparentid = 0"
        " order by c.relname, con.conname",
        (schema,),
    ).fetchall()
    indexes = conn.execute(
        "select format('drop index %%I.%%I', n.nspname, ic.relname), pg_get_indexdef(i.indexrelid)"
        " from pg_index as i"
        " inner join pg_class as ic on ic.oid = i.indexrelid"
        " inner join pg_class as c on c.oid = i.indrelid"
        " inner join pg_namespace as n on n.oid = ic.relnamespace"
        " where n.nspname = %s"
        " and not exists (select 1 from pg_constraint as con"
        "     where con.conindid = i.indexrelid and con.contype in ('p', 'u', 'x'))"
        " and not exists (select 1 from pg_inherits as inh where inh.inhrelid = i.indexrelid)"
        " order by c.relname, ic.relname",
        (schema,),
    ).fetchall()
    for drop, _ in keys + indexes:
        conn.execute(drop)
    # a partitioned index's definition reads `ON ONLY parent`: created so, it would cover no partition
    return [add for _, add in keys] + [create.replace(" ON ONLY ", " ON ", 1) for _, create in indexes]


def _ensure_load_log(conn: psycopg.Connection) -> None:
    """Create runner_demo.loads if it is missing (once, before loads run side by side)."""
    if conn.execute("select to_regclass('runner_demo.loads')").fetchone()[0] is not None:
        return
    with conn.transaction():
        conn.execute("create schema if not exists runner_demo")
        conn.execute(
            "create table if not exists runner_demo.loads ("
            " source_schema text primary key, end_date date not null, loaded_at timestamptz not null)"
        )


def record_load(conn: psycopg.Connection, schema: str, end_date: date) -> None:
    """Note when a source schema got demo history ending on `end_date` (runner_demo.loads):
    `runner freshness` judges demo data against its load time (macros/freshness/)."""
    _ensure_load_log(conn)
    conn.execute(
        "insert into runner_demo.loads (source_schema, end_date, loaded_at) values (%s, %s, now())"
        " on conflict (source_schema) do update set end_date = excluded.end_date, loaded_at = excluded.loaded_at",
        (schema, end_date),
    )


def load_delta(
    conn: psycopg.Connection,
    schemas: dict[str, str],
    users: int,
    seed: int,
    fraction: float = 0.01,
    end_date: date = DEFAULT_END_DATE,
    report=None,
) -> dict[str, int]:
    """Append each system's delta (where its generator has one); returns rows per table."""
    ctx = DemoContext(conn=conn, schemas=schemas, users=users, seed=seed, end_date=end_date)
    for system in GENERATORS:
        module = importlib.import_module(f"runner.demo.{system}")
        if not hasattr(module, "delta"):
            continue
        started = time.monotonic()
        before = dict(ctx.rows)
        with conn.transaction():
            module.delta(ctx, fraction)
            record_load(conn, schemas[system], end_date + timedelta(days=1))
        for table in set(ctx.rows) - set(before):
            conn.execute(f"analyze {ctx.analyzed[table]}")
        if report:
            added = {table: n for table, n in ctx.rows.items() if table not in before}
            report(system, added, time.monotonic() - started)
    return ctx.rows

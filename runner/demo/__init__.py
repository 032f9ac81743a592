"""`runner sources load-demo`: fill the source systems with generated, deterministic data.

One generator module per source system (`runner/demo/<system>.py`), each exposing
`generate(ctx)`. A generator replaces its own tables' contents (truncate, then set-based
`insert ... select` or COPY; never row-by-row inserts), so a load is repeatable: the same
scale, seed and end date give the same rows.

A module may also expose `delta(ctx, fraction)`: it appends about `fraction` of its rows as
the next load would bring them (the day after the end date, plus late arrivals and records
loaded again), for incremental builds and `runner bench`. `ctx.end_date` is still the last
day of the base history; the delta's new day is `ctx.end_date + 1`.
"""

from __future__ import annotations

import importlib
import importlib.util
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

import psycopg

from runner.errors import RunnerError
from runner.sources import SYSTEMS

# scale name -> number of app users; the other systems scale with it
SCALES = {"small": 2_000, "medium": 50_000, "large": 500_000}
# the last day of generated history: fixed, so the same seed gives the same data any day
DEFAULT_END_DATE = date(2026, 10, 31)
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
) -> dict[str, int]:
    """Run each system's generator in its own transaction; returns rows per table."""
    unknown = [system for system in systems if system not in GENERATORS]
    if unknown:
        raise RunnerError(
            f"no demo generator for {', '.join(unknown)}",
            f"choose from {', '.join(GENERATORS)}",
        )
    ctx = DemoContext(conn=conn, schemas=schemas, users=users, seed=seed, end_date=end_date)
    for system in systems:
        started = time.monotonic()
        module = importlib.import_module(f"runner.demo.{system}")
        before = dict(ctx.rows)
        with conn.transaction():
            module.generate(ctx)
            record_load(conn, schemas[system], end_date)
        for table in set(ctx.rows) - set(before):
            conn.execute(f"analyze {ctx.analyzed[table]}")
        if report:
            added = {table: n for table, n in ctx.rows.items() if table not in before}
            report(system, added, time.monotonic() - started)
    return ctx.rows


def record_load(conn: psycopg.Connection, schema: str, end_date: date) -> None:
    """Note when a source schema got demo history ending on `end_date` (runner_demo.loads):
    `runner freshness` judges demo data against its load time (macros/freshness/)."""
    conn.execute("create schema if not exists runner_demo")
    conn.execute(
        "create table if not exists runner_demo.loads ("
        " source_schema text primary key, end_date date not null, loaded_at timestamptz not null)"
    )
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

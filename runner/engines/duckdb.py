"""Everything the runner does differently on DuckDB.

The built-in target `duckdb` (`runner build --target duckdb`, `runner demo --engine duckdb`)
needs no profiles.yml of the user's. Its state lives next to the embedded PostgreSQL's:

    RUNNER_HOME/duckdb/
      profiles.yml          profile `warehouse`, output `duckdb` (regenerated on every use):
                            type duckdb, path below, threads 1, tenant_isolation none
      warehouse.duckdb      the database file (catalog `warehouse`)
      build-<hash>.lock     the build lock of one DuckDB file (flock; says who holds it)
      spool-*/              CSV files of a copy in progress (removed when it ends)

A user's own profiles.yml may hold DuckDB targets (`type: duckdb`); they are used as usual,
and one named `duckdb` replaces the built-in one. dbt-duckdb ignores profile keys it does not
know, so `tenant_isolation` sits in the profile itself; `none` makes the runner pass the dbt
var `tenant_isolation: none` to every invocation (runner/dbt.py).

Sources. The demo generators write SQL for PostgreSQL, so DuckDB's sources are a copy:
`copy_sources(pg_target, duckdb_path)` reads every table of the source schemas (the dbt vars
`<system>_schema`, runner.sources.source_schemas) and `runner_demo.loads` from PostgreSQL in
one repeatable-read snapshot and recreates each in the DuckDB file in one DuckDB transaction
(a failed copy leaves the previous copy whole). Columns keep their names, order and NOT NULL;
types are translated from pg_catalog:

    text, varchar(n), char(n), name, citext, enum, inet, cidr, macaddr   VARCHAR
    smallint, integer, bigint                           SMALLINT, INTEGER, BIGINT
    numeric(p, s)                                       DECIMAL(p, s)  (p up to 38)
    numeric with no precision                           DECIMAL(38, 10): DuckDB's decimals
                                                        have a fixed scale, so digits past the
                                                        10th decimal are rounded (never DOUBLE)
    real, double precision                              DOUBLE
    boolean, date, time, timetz                         BOOLEAN, DATE, TIME, TIMETZ
    timestamp, timestamptz                              TIMESTAMP, TIMESTAMPTZ (the same instant)
    interval                                            INTERVAL (months, days, microseconds kept apart)
    json, jsonb                                         JSON (jsonb's text, as PostgreSQL prints it)
    uuid, bytea                                         UUID, BLOB
    an array of any of these (not interval, bytea)      a DuckDB list of it (T[], T[][] ...)

Any other type is an error naming the column. Primary keys, unique and check constraints,
defaults, indexes and partitions are not copied: the copy is read, never written, by dbt,
and PostgreSQL enforced them when the rows were written. A partitioned table becomes one table.

Rows go through a CSV file per table under RUNNER_HOME/duckdb/ (`COPY (select ...) TO STDOUT
(format csv)` through psycopg, then DuckDB's read_csv with every column read as text and
cast explicitly). PostgreSQL's CSV quotes an empty string and leaves NULL bare, and read_csv
is told so (allow_quoted_nulls false), so NULL and '' stay apart; quotes, commas, CR and LF
inside values are quoted. Timestamps with a time zone are written in UTC with their offset,
intervals as `M months D days U microseconds`, arrays as JSON arrays of their elements'
text, bytea as hex: each is read back exactly.

`runner sources init --target duckdb` makes the same tables with no rows the same way: it
runs the PostgreSQL DDL (runner/sql/) on the embedded PostgreSQL, then creates in the DuckDB
file each source table it lacks (never dropping or emptying one). One DDL, one translation.

Builds. DuckDB lets one process write a file at a time; `build_lock` is a file lock per
DuckDB file, so a second runner fails fast naming the first (or waits with --wait), like
PostgreSQL's advisory lock. dbt-duckdb keeps its database open after an in-process dbt
invocation; `release_dbt_connections` closes it, so the runner can then read the file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from runner.config import DUCKDB_TARGET, PROFILE_NAME, Target, project_dir, runner_home
from runner.errors import RunnerError

DATABASE_FILE = "warehouse.duckdb"
# where demo loads are recorded (runner.demo.record_load); copied with the sources
DEMO_LOADS = ("runner_demo", "loads")
# no CSV line of a source (a bronze JSON document, say) is longer than this
MAX_LINE_BYTES = 1 << 30


def module():
    """The duckdb Python module, or a one-line error saying how to install it."""
    try:
        import duckdb
    except ImportError as exc:
        raise RunnerError("DuckDB targets need the duckdb and dbt-duckdb packages",
                          "pip install 'dbt-duckdb~=1.11.0'") from exc
    return duckdb


# ----- targets -----------------------------------------------------------------------------


def state_dir(project: Path | None = None) -> Path:
    """RUNNER_HOME/duckdb: the built-in target's profile and file, the locks, the spool."""
    return runner_home(project) / "duckdb"


def builtin_profile(path: Path) -> str:
    return (
        "# Written by the runner for the built-in `duckdb` target; regenerated on every use.\n"
        f"{PROFILE_NAME}:\n"
        f"  target: {DUCKDB_TARGET}\n"
        "  outputs:\n"
        f"    {DUCKDB_TARGET}:\n"
        "      type: duckdb\n"
        f"      path: {json.dumps(str(path))}\n"
        "      threads: 1\n"
        "      tenant_isolation: none\n"
    )


def builtin_target(project: Path) -> Target:
    """The built-in `duckdb` target: its profile written (if it changed), no file opened."""
    home = state_dir(project)
    home.mkdir(parents=True, exist_ok=True)
    path = home / DATABASE_FILE
    profiles = home / "profiles.yml"
    text = builtin_profile(path)
    if not profiles.is_file() or profiles.read_text() != text:
        profiles.write_text(text)
    return Target(
        name=DUCKDB_TARGET, profiles_dir=home, embedded=False, engine="duckdb", path=path,
        dbname=path.stem, schema="main", tenant_isolation="none",
    )


def profile_target(name: str, profiles_dir: Path, data: dict, tenant_isolation: str | None) -> Target:
    """A `type: duckdb` output of the user's profiles.yml (already rendered by dbt)."""
    raw = str(data.get("path") or ":memory:")
    path: Path | None = None
    if raw != ":memory:" and not raw.startswith("md:") and "://" not in raw:
        path = Path(raw).expanduser()
        if not path.is_absolute():  # dbt-duckdb opens it relative to the working directory
            path = Path.cwd() / path
        if not path.parent.is_dir():
            raise RunnerError(
                f"target {name}'s DuckDB file {path} is in a folder that does not exist",
                "create the folder, or fix path in the profile",
            )
    return Target(
        name=name, profiles_dir=profiles_dir, embedded=False, engine="duckdb", path=path,
        dbname=str(data.get("database") or (path.stem if path else "memory")),
        schema=str(data.get("schema") or "main"), tenant_isolation=tenant_isolation,
    )


def database_file(target: Target) -> Path:
    """The target's DuckDB file, or a one-line error for an in-memory or remote one."""
    if target.engine != "duckdb":
        raise RunnerError(f"target {target.name} is {target.engine}, not duckdb")
    if target.path is None:
        raise RunnerError(
            f"target {target.name} has no DuckDB file (its path is in memory or remote)",
            "give it a path to a .duckdb file in profiles.yml",
        )
    return target.path


# ----- replaced sources ----------------------------------------------------------------------
# A copy replaces every source table, so an incremental model's high-water marks say nothing
# about the new rows: the next full build of the file rebuilds incremental models from
# scratch (--full-refresh), says so, and clears the mark when it succeeds.


def _replaced_mark(path: Path) -> Path:
    return path.with_name(path.name + ".sources-replaced")


def mark_sources_replaced(path: Path) -> None:
    _replaced_mark(path).write_text(datetime.now().isoformat(timespec="seconds") + "\n")


def sources_replaced(path: Path) -> bool:
    return _replaced_mark(path).is_file()


def clear_sources_replaced(path: Path) -> None:
    _replaced_mark(path).unlink(missing_ok=True)


# ----- the build lock ------------------------------------------------------------------------


def lock_file(target: Target) -> Path:
    key = str(target.path.resolve()) if target.path is not None else f"target:{target.name}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return state_dir() / f"build-{digest}.lock"


@contextlib.contextmanager
def build_lock(target: Target, wait_seconds: float = 0, what: str = "build"):
    """Hold the DuckDB file's build lock for a build, a copy of the sources or a demo.

    An exclusive flock on a file in RUNNER_HOME/duckdb/: a second runner on the same file
    waits up to `wait_seconds`, then fails naming the holder (written into the lock file).
    The kernel releases the lock when its holder exits, however it exits.
    """
    path = lock_file(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(wait_seconds, 0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = path.read_text().strip()
                    raise RunnerError(
                        f"another runner is already writing to {target.where} (target {target.name})"
                        + (f": {holder}" if holder else ""),
                        "wait for it to finish, or pass --wait SECONDS to queue behind it",
                    ) from None
                time.sleep(0.5)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"runner {what} (pid {os.getpid()}) since {datetime.now():%H:%M:%S}\n".encode(), 0)
        try:
            yield None
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)


def release_dbt_connections() -> None:
    """Close the database dbt-duckdb keeps open after an in-process invocation (its
    `keep_open` default), so this process and others can open the file again."""
    import sys

    connections = sys.modules.get("dbt.adapters.duckdb.connections")
    if connections is None:
        return
    manager = connections.DuckDBConnectionManager
    with manager._LOCK:
        env, manager._ENV = manager._ENV, None
    if env is not None:
        with contextlib.suppress(Exception):
            env.close()


def connect(path: Path, read_only: bool = False):
    """A DuckDB connection, or a one-line error when another process holds the file."""
    duckdb = module()
    if read_only and not path.exists():
        raise RunnerError(f"there is no DuckDB file at {path} yet", "run `runner build --target duckdb` first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        text = " ".join(str(exc).split())
        if "lock" in text.lower():
            raise RunnerError(
                f"the DuckDB file {path} is open in another process: {text}",
                "close it there (a duckdb shell, a notebook, a BI tool) and run the command again",
            ) from exc
        raise RunnerError(f"cannot open the DuckDB file {path}: {text}") from exc


# ----- types ---------------------------------------------------------------------------------

# PostgreSQL type name -> DuckDB type (numeric, arrays and enums are handled apart)
SCALARS = {
    "text": "VARCHAR", "varchar": "VARCHAR", "bpchar": "VARCHAR", "char": "VARCHAR", "name": "VARCHAR",
    "citext": "VARCHAR", "inet": "VARCHAR", "cidr": "VARCHAR", "macaddr": "VARCHAR",
    "int2": "SMALLINT", "int4": "INTEGER", "int8": "BIGINT",
    "float4": "DOUBLE", "float8": "DOUBLE",
    "bool": "BOOLEAN", "date": "DATE", "time": "TIME", "timetz": "TIMETZ",
    "timestamp": "TIMESTAMP", "timestamptz": "TIMESTAMPTZ", "interval": "INTERVAL",
    "json": "JSON", "jsonb": "JSON", "uuid": "UUID", "bytea": "BLOB",
}
UNBOUNDED_NUMERIC = "DECIMAL(38,10)"
NOT_IN_ARRAYS = {"interval", "bytea"}


@dataclass
class Column:
    """One column: its DuckDB type, what COPY selects from PostgreSQL (text DuckDB reads),
    and how DuckDB turns that text (the CSV column {c}) into the value."""

    name: str
    duck_type: str
    pg_select: str
    duck_cast: str
    not_null: bool


def numeric_type(typmod: int) -> str | None:
    """DECIMAL(p, s) for numeric(p, s); None when DuckDB cannot hold it."""
    if typmod < 4:
        return UNBOUNDED_NUMERIC
    precision = ((typmod - 4) >> 16) & 0xFFFF
    scale = (typmod - 4) & 0x7FF
    if scale & 0x400:  # PostgreSQL 15+ allows a negative scale
        return None
    if precision > 38 or scale > precision:
        return None
    return f"DECIMAL({precision},{scale})"


def scalar_type(typname: str, typtype: str, typmod: int) -> str | None:
    if typtype == "e":
        return "VARCHAR"
    if typname == "numeric":
        return numeric_type(typmod)
    return SCALARS.get(typname)


def column_for(table: str, name: str, not_null: bool, typmod: int, dims: int, typname: str, typtype: str,
               element: str | None, element_type: str | None, shown: str) -> Column:
    """Translate one PostgreSQL column (after domains are resolved to their base type)."""
    ident = quote(name)
    if element is not None:
        inner = None if element in NOT_IN_ARRAYS else scalar_type(element, element_type or "b", typmod)
        if inner is None:
            raise _untranslatable(table, name, shown)
        depth = max(dims, 1)
        lists = "[]" * depth
        # every element as its PostgreSQL text in a JSON array: exact for numeric, timestamptz ...
        duck = f"CAST(CAST({{c}} AS JSON) AS VARCHAR{lists})"
        if inner != "VARCHAR":
            duck = _map_list(duck, inner, depth)
        return Column(name, inner + lists, f"to_json({ident}::text{lists})::text", duck, not_null)
    duck_type = scalar_type(typname, typtype, typmod)
    if duck_type is None:
        raise _untranslatable(table, name, shown)
    if typname == "interval":
        select = (
            f"case when {ident} is null then null else format('%s months %s days %s microseconds',"
            f" (extract(year from {ident}) * 12 + extract(month from {ident}))::bigint,"
            f" extract(day from {ident})::bigint,"
            f" (extract(hour from {ident}) * 3600000000 + extract(minute from {ident}) * 60000000"
            f" + extract(microsecond from {ident}))::bigint) end"
        )
        return Column(name, duck_type, select, "CAST({c} AS INTERVAL)", not_null)
    if typname == "bytea":
        return Column(name, duck_type, f"encode({ident}, 'hex')", "unhex({c})", not_null)
    cast = "{c}" if duck_type == "VARCHAR" else f"CAST({{c}} AS {duck_type})"
    return Column(name, duck_type, ident, cast, not_null)


def _map_list(expression: str, inner: str, depth: int) -> str:
    variable = f"x{depth}"
    body = f"CAST({variable} AS {inner})" if depth == 1 else _map_list(variable, inner, depth - 1)
    return f"list_transform({expression}, {variable} -> {body})"


def _untranslatable(table: str, name: str, shown: str) -> RunnerError:
    return RunnerError(
        f"{table}.{name} is of type {shown}, which the copy to DuckDB does not translate",
        "see runner/engines/duckdb.py for the types it does",
    )


COLUMNS_SQL = """
with cols as (
    select a.attnum, a.attname, a.attnotnull, a.attndims,
           case when t.typtype = 'd' then t.typbasetype else a.atttypid end as typid,
           case when t.typtype = 'd' then t.typtypmod else a.atttypmod end as typmod,
           format_type(a.atttypid, a.atttypmod) as shown
    from pg_attribute as a
    join pg_type as t on t.oid = a.atttypid
    where a.attrelid = %s and a.attnum > 0 and not a.attisdropped
)
select c.attname, c.attnotnull, c.typmod, c.attndims, t.typname, t.typtype,
       e.typname, e.typtype, c.shown
from cols as c
join pg_type as t on t.oid = c.typid
left join pg_type as e on e.oid = t.typelem and t.typcategory = 'A'
order by c.attnum
"""


def pg_columns(pg, oid: int, table: str) -> list[Column]:
    return [
        column_for(table, name, not_null, typmod, dims, typname, typtype, element, element_type, shown)
        for name, not_null, typmod, dims, typname, typtype, element, element_type, shown
        in pg.execute(COLUMNS_SQL, (oid,)).fetchall()
    ]


def pg_tables(pg, schemas: list[str], demo_loads: bool) -> list[tuple[int, str, str]]:
    """(oid, schema, table) of every table in the schemas (a partitioned table once, its
    partitions not), plus runner_demo.loads when asked and present."""
    rows = pg.execute(
        "select c.oid::bigint, n.nspname, c.relname from pg_class as c"
        " join pg_namespace as n on n.oid = c.relnamespace"
        " where n.nspname = any(%s) and c.relkind in ('r', 'p') and not c.relispartition"
        " order by n.nspname, c.relname",
        (schemas,),
    ).fetchall()
    if demo_loads:
        loads = pg.execute("select to_regclass(%s)::oid::bigint", (".".join(DEMO_LOADS),)).fetchone()[0]
        if loads is not None:
            rows.append((loads, *DEMO_LOADS))
    return [tuple(row) for row in rows]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# ----- sources -------------------------------------------------------------------------------


def copy_sources(
    pg_target: Target, duckdb_path: Path, project: Path | None = None, rows: bool = True, out=None,
) -> dict[str, int]:
    """Recreate every source table (and runner_demo.loads) of PostgreSQL in the DuckDB file.

    With rows=False, only create the source tables the DuckDB file lacks, empty (what
    `runner sources init` does). Returns rows per table ("schema.table"), or with rows=False
    the tables created (0 rows each). PostgreSQL writes the next table's CSV while DuckDB
    reads the last one (a thread of its own, at most two files waiting).
    """
    import psycopg

    from runner.db import connect as pg_connect
    from runner.sources import source_schemas

    pg_target.require_postgres("copying the sources to DuckDB")
    project = project or project_dir()
    schemas = list(dict.fromkeys(source_schemas(project).values()))
    started = time.monotonic()
    copied: dict[str, int] = {}
    spool = None
    exporter = None
    pg = pg_connect(pg_target, autocommit=False, application_name=f"runner copy to duckdb (pid {os.getpid()})")
    try:
        # one snapshot of every table, read only
        pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        pg.read_only = True
        for setting in ("timezone to 'UTC'", "datestyle to 'ISO, YMD'", "intervalstyle to 'postgres'",
                        "extra_float_digits to 1", "bytea_output to 'hex'"):
            pg.execute(f"set {setting}")
        tables = [(schema, name, pg_columns(pg, oid, f"{schema}.{name}"))
                  for oid, schema, name in pg_tables(pg, schemas, demo_loads=rows)]
        duck = connect(duckdb_path)
        try:
            existing = {f"{schema}.{name}" for schema, name in duck.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = current_database()"
            ).fetchall()}
            if not rows:
                tables = [table for table in tables if f"{table[0]}.{table[1]}" not in existing]
            else:
                spool = Path(tempfile.mkdtemp(prefix="spool-", dir=_spool_parent()))
                exporter = _Exporter(pg, tables, spool)
            duck.execute("begin transaction")
            for schema, name, columns in tables:
                duck.execute(f"create schema if not exists {quote(schema)}")
                duck.execute(_create_table(schema, name, columns, replace=rows))
                copied[f"{schema}.{name}"] = _load(duck, schema, name, columns, exporter.next()) if exporter else 0
            duck.execute("commit")
            if rows and copied:
                mark_sources_replaced(duckdb_path)
        except BaseException:
            with contextlib.suppress(Exception):
                duck.execute("rollback")
            raise
        finally:
            if exporter is not None:
                exporter.stop()
            duck.close()
    finally:
        pg.close()
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)
    if out is not None and rows:
        for schema in dict.fromkeys(key.split(".")[0] for key in copied):
            counts = [n for key, n in copied.items() if key.split(".")[0] == schema]
            plural = "s" if len(counts) != 1 else ""
            out.print(f"copied {schema:<11} {sum(counts):>12,} rows ({len(counts)} table{plural}) to DuckDB")
        out.print(f"copied {sum(copied.values()):,} rows of {len(copied)} tables to {duckdb_path}"
                  f" in {time.monotonic() - started:.1f}s")
    return copied


def init_sources(pg_target: Target, duckdb_path: Path, project: Path | None = None) -> list[str]:
    """The source tables the DuckDB file lacked, created empty (from PostgreSQL's DDL)."""
    return sorted(copy_sources(pg_target, duckdb_path, project, rows=False))


class _Exporter:
    """Writes each table's rows as CSV from PostgreSQL into the spool, in order, in a thread
    of its own; `next()` hands over the next file (None for a table with no rows)."""

    def __init__(self, pg, tables: list[tuple[str, str, list[Column]]], spool: Path):
        self.pg = pg
        self.tables = tables
        self.spool = spool
        self.ready: queue.Queue = queue.Queue(maxsize=2)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="runner-copy-export", daemon=True)
        self.thread.start()

    def next(self) -> Path | None:
        item = self.ready.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def stop(self) -> None:
        self.stopping.set()
        while self.thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self.ready.get(timeout=0.1)  # unblock a put
        self.thread.join()

    def _run(self) -> None:
        try:
            for schema, name, columns in self.tables:
                if self.stopping.is_set():
                    return
                self._put(_export(self.pg, schema, name, columns, self.spool))
        except BaseException as exc:  # handed to the loading thread, which raises it
            self._put(exc)

    def _put(self, item) -> None:
        while not self.stopping.is_set():
            try:
                self.ready.put(item, timeout=0.2)
                return
            except queue.Full:
                continue


def _spool_parent() -> Path:
    parent = state_dir()
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _create_table(schema: str, name: str, columns: list[Column], replace: bool) -> str:
    body = ", ".join(f"{quote(c.name)} {c.duck_type}{' NOT NULL' if c.not_null else ''}" for c in columns)
    verb = "create or replace table" if replace else "create table if not exists"
    return f"{verb} {quote(schema)}.{quote(name)} ({body})"


def _export(pg, schema: str, name: str, columns: list[Column], spool: Path) -> Path | None:
    """One table's rows as PostgreSQL's CSV in the spool (None when it has none)."""
    from psycopg import sql

    file = spool / f"{schema}.{name}.csv"
    select = ", ".join(c.pg_select for c in columns)
    statement = sql.SQL("copy (select {} from {}.{}) to stdout with (format csv)").format(
        sql.SQL(select), sql.Identifier(schema), sql.Identifier(name))
    with pg.cursor() as cursor, cursor.copy(statement) as copy, file.open("wb") as sink:
        for chunk in copy:
            sink.write(chunk)
    if file.stat().st_size == 0:
        file.unlink()
        return None
    return file


def _load(duck, schema: str, name: str, columns: list[Column], file: Path | None) -> int:
    """DuckDB reads one table's CSV back, every column as text cast to its type."""
    if file is None:
        return 0
    names = [f"c{i}" for i in range(len(columns))]
    spec = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    casts = ", ".join(c.duck_cast.format(c=n) for c, n in zip(columns, names))
    reader = (
        f"read_csv({_literal(str(file))}, columns = {spec}, header = false, auto_detect = false,"
        " delim = ',', quote = '\"', escape = '\"', new_line = '\\n', nullstr = '',"
        f" allow_quoted_nulls = false, max_line_size = {MAX_LINE_BYTES}, encoding = 'utf-8')"
    )
    try:
        count = duck.execute(f"insert into {quote(schema)}.{quote(name)} select {casts} from {reader}").fetchone()[0]
    except Exception as exc:
        if type(exc).__module__.split(".")[0] != "duckdb":
            raise
        raise RunnerError(f"copying {schema}.{name} to DuckDB failed: {' '.join(str(exc).split())[:300]}",
                          "nothing was changed in the DuckDB file") from exc
    finally:
        file.unlink(missing_ok=True)
    return int(count)


# ----- reading the marts ---------------------------------------------------------------------


def mart_counts(target: Target, schemas: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """(schema, tables and views, rows of its tables) per mart schema, read only."""
    path = database_file(target)
    release_dbt_connections()
    conn = connect(path, read_only=True)
    try:
        placeholders = ", ".join("?" for _ in schemas)
        return [tuple(row) for row in conn.execute(
            "select schema_name, count(*), coalesce(sum(rows), 0)::bigint from ("
            " select schema_name, estimated_size as rows from duckdb_tables()"
            "  where database_name = current_database() and not internal"
            " union all"
            " select schema_name, 0 from duckdb_views()"
            "  where database_name = current_database() and not internal"
            f") where schema_name in ({placeholders}) group by 1 order by 1",
            list(schemas),
        ).fetchall()]
    finally:
        conn.close()

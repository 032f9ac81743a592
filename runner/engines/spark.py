"""Everything the runner does differently on Apache Spark.

The built-in target `spark` (`runner build --target spark`, `runner demo --engine spark`) is a
local Spark session inside the runner's own process (dbt-spark's `session` method, PySpark on
Java 17); it needs no profiles.yml of the user's. Its state lives next to the embedded
PostgreSQL's:

    RUNNER_HOME/spark/
      profiles.yml          profile `warehouse`, output `spark` (regenerated on every use):
                            type spark, method session, threads 1, tenant_isolation none
      warehouse/            the Spark warehouse: one folder of Parquet files per table
      metastore/            the Hive metastore (Derby) that names those tables
      sources/              the sources as Parquet files (schema/table/part.parquet)
      sources.duckdb        the copy of the sources the Parquet files are written from
      build-<hash>.lock     (in RUNNER_HOME/duckdb/) the build lock: Derby admits one process

A cluster needs only another target: a `type: spark` output of the user's profiles.yml with
method thrift or http (profiles.yml.example); the models and macros do not change.

Sources. The demo generators write SQL for PostgreSQL, so Spark's sources are a copy of a
copy: the DuckDB copy (runner.engines.duckdb.copy_sources: one snapshot, types translated)
is written out as one Parquet file per table, and each becomes a Spark table over its file
(`create table ... using parquet location ...`). Types on the way:

    VARCHAR, JSON, UUID              string (JSON as its text; models parse it with from_json)
    DECIMAL(p, s), DOUBLE, BOOLEAN   decimal(p, s), double, boolean
    INTEGER, BIGINT, SMALLINT        int, bigint, smallint
    DATE                             date
    TIMESTAMPTZ                      timestamp (an instant, shown in the session's UTC)
    TIMESTAMP                        timestamp_ntz (a wall-clock time, as in PostgreSQL)
    INTERVAL                         decimal(38, 6) seconds (Parquet holds no interval; the
                                     models read it through interval_seconds())

Spark tables are plain Parquet (Delta Lake and Iceberg need jars from the internet): no
update, delete or merge. What that leaves out is said once per build (runner.engines.spark.
SKIPPED) and in docs/engines.md.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from runner.config import PROFILE_NAME, Target, runner_home
from runner.errors import RunnerError

SPARK_TARGET = "spark"
JAVA_HINT = "install Java 17 (apt-get install openjdk-17-jre-headless) or set JAVA_HOME, then run it again"
INSTALL_HINT = "pip install -e '.[spark]'   (dbt-spark[session] and PySpark)"

# what the Spark build leaves out, said once per build: (what, why); no mart reads a snapshot
SKIPPED = (
    ("snapshots", "plain Parquet tables have no merge"),
    ("unit tests", "they run on PostgreSQL and DuckDB; the marts are compared with PostgreSQL's instead"),
    ("row-level security, grants or indexes", "Spark has none; the target says tenant_isolation: none"),
    ("incremental builds", "Parquet has no delete or merge: incremental models are rebuilt whole"),
    ("run history (marts_ops)", "Spark runs are not recorded; the history is kept on PostgreSQL and DuckDB"),
)
# the dbt --exclude of a Spark build
EXCLUDED = ("resource_type:snapshot", "resource_type:unit_test", "path:models/staging/ops+")

# the session's settings: small local data wants few shuffle partitions; the session's clock is UTC
SESSION_SETTINGS = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.sources.partitionOverwriteMode": "dynamic",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.legacy.timeParserPolicy": "CORRECTED",
    "spark.sql.parquet.inferTimestampNTZ.enabled": "true",
    "spark.driver.memory": "2g",
}


def java_home() -> str:
    """The Java PySpark will start, or exit 2 with the hint."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return home
    java = shutil.which("java")
    if java is None:
        raise RunnerError("Spark needs Java 17 and there is no java on PATH (nor JAVA_HOME)", JAVA_HINT)
    return str(Path(os.path.realpath(java)).parent.parent)


def module():
    """pyspark, or a one-line error saying how to install it (exit 2)."""
    from importlib.util import find_spec

    if find_spec("pyspark") is None or find_spec("dbt.adapters.spark") is None:
        raise RunnerError("Spark targets need dbt-spark[session] and pyspark", INSTALL_HINT)
    java_home()
    import logging

    import pyspark

    # PySpark logs each failing query's error as JSON; dbt reports the failure itself, once
    logging.getLogger("SQLQueryContextLogger").disabled = True
    return pyspark


def state_dir(project: Path | None = None) -> Path:
    return runner_home(project) / "spark"


def session_settings(home: Path) -> dict[str, str]:
    """The session's settings: the warehouse and the Derby metastore under `home`."""
    settings = dict(SESSION_SETTINGS)
    settings["spark.sql.warehouse.dir"] = str(home / "warehouse")
    settings["spark.hadoop.javax.jdo.option.ConnectionURL"] = (
        f"jdbc:derby:;databaseName={home / 'metastore'};create=true")
    settings["spark.driver.extraJavaOptions"] = (
        f"-Dderby.system.home={home} -Dlog4j2.configurationFile=file:{home / 'log4j2.properties'}")
    return settings


# the JVM's own log: errors only, on stderr (dbt reports every failure itself)
LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark: %p %c{1}: %m%n
logger.queries.name = org.apache.spark.sql.catalyst.util.SQLQueryContextLogger
logger.queries.level = off
logger.metastore.name = org.apache.hadoop.hive.metastore.RetryingHMSHandler
logger.metastore.level = off
"""


def builtin_profile(home: Path) -> str:
    parameters = "".join(f"        {json.dumps(k)}: {json.dumps(v)}\n" for k, v in session_settings(home).items())
    return (
        "# Written by the runner for the built-in `spark` target; regenerated on every use.\n"
        f"{PROFILE_NAME}:\n"
        f"  target: {SPARK_TARGET}\n"
        "  outputs:\n"
        f"    {SPARK_TARGET}:\n"
        "      type: spark\n"
        "      method: session\n"
        "      host: NA\n"
        "      schema: default\n"
        "      threads: 1\n"
        "      tenant_isolation: none\n"
        "      server_side_parameters:\n"
        f"{parameters}"
    )


def builtin_target(project: Path) -> Target:
    home = state_dir(project)
    home.mkdir(parents=True, exist_ok=True)
    log4j = home / "log4j2.properties"
    if not log4j.is_file() or log4j.read_text() != LOG4J:
        log4j.write_text(LOG4J)
    profiles = home / "profiles.yml"
    text = builtin_profile(home)
    if not profiles.is_file() or profiles.read_text() != text:
        profiles.write_text(text)
    return Target(
        name=SPARK_TARGET, profiles_dir=home, embedded=False, engine="spark", path=home / "warehouse",
        dbname="spark", schema="default", tenant_isolation="none",
    )


def profile_target(name: str, profiles_dir: Path, data: dict, tenant_isolation: str | None) -> Target:
    """A `type: spark` output of the user's profiles.yml (already rendered by dbt)."""
    method = str(data.get("method") or "")
    where = str(data.get("host") or "") if method != "session" else "local session"
    path = None
    settings = data.get("server_side_parameters") or {}
    if method == "session" and settings.get("spark.sql.warehouse.dir"):
        path = Path(str(settings["spark.sql.warehouse.dir"]))
    return Target(
        name=name, profiles_dir=profiles_dir, embedded=False, engine="spark", path=path, host=where,
        dbname=where, schema=str(data.get("schema") or "default"), tenant_isolation=tenant_isolation,
    )


def session(target: Target | None = None, project: Path | None = None):
    """This process's Spark session: the one dbt-spark started, or a new local one with the
    built-in target's settings."""
    module()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    home = state_dir(project)
    builder = SparkSession.builder.enableHiveSupport().appName("runner")
    for key, value in session_settings(home).items():
        builder = builder.config(key, value)
    os.environ.setdefault("JAVA_HOME", java_home())
    return builder.getOrCreate()


# ----- sources -------------------------------------------------------------------------------

# DuckDB type (of the copy) -> what the Parquet file holds
def _parquet_select(name: str, duck_type: str) -> str:
    ident = '"' + name.replace('"', '""') + '"'
    upper = duck_type.upper()
    if upper in ("JSON", "UUID") or upper.startswith("VARCHAR"):
        return f"cast({ident} as varchar) as {ident}"
    if upper == "INTERVAL":
        return f"cast(epoch_us({ident}) as decimal(38, 0)) * cast(0.000001 as decimal(38, 6)) as {ident}"
    if upper == "UBIGINT":
        return f"cast({ident} as decimal(20, 0)) as {ident}"
    return ident


def export_sources(duckdb_path: Path, folder: Path, schemas: list[str],
                   rows: dict[str, int]) -> list[tuple[str, str, Path, int]]:
    """Write every table of `schemas` in the DuckDB file as one Parquet file; returns
    (schema, table, folder of the file, rows as the copy counted them)."""
    from runner.engines import duckdb as duck_engine

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    conn = duck_engine.connect(duckdb_path, read_only=True)
    written = []
    try:
        placeholders = ", ".join("?" for _ in schemas)
        tables = conn.execute(
            "select schema_name, table_name from duckdb_tables()"
            f" where database_name = current_database() and schema_name in ({placeholders}) order by 1, 2",
            schemas).fetchall()
        for schema, table in tables:
            columns = conn.execute(
                "select column_name, data_type from duckdb_columns() where database_name = current_database()"
                " and schema_name = ? and table_name = ? order by column_index", [schema, table]).fetchall()
            select = ", ".join(_parquet_select(name, kind) for name, kind in columns)
            target = folder / schema / table
            target.mkdir(parents=True)
            conn.execute(f"copy (select {select} from \"{schema}\".\"{table}\") to "
                         f"'{target / 'part-0.parquet'}' (format parquet)")
            written.append((schema, table, target, rows.get(f"{schema}.{table}", 0)))
    finally:
        conn.close()
    return written


def register_sources(spark, written: list[tuple[str, str, Path, int]]) -> None:
    """Each Parquet file as a Spark table of its schema (replacing the table of a last copy)."""
    for schema in dict.fromkeys(schema for schema, _, _, _ in written):
        if not spark.catalog.databaseExists(schema):  # (the metastore logs an error for "if not exists")
            spark.sql(f"create database `{schema}`")
    for schema, table, folder, _ in written:
        spark.sql(f"drop table if exists `{schema}`.`{table}`")
        spark.sql(f"create table `{schema}`.`{table}` using parquet location '{folder}'")


def copy_sources(pg_target: Target, target: Target, project: Path, out=None) -> dict[str, int]:
    """The embedded PostgreSQL's sources as Spark tables (through a DuckDB copy and Parquet)."""
    from runner.engines import duckdb as duck_engine
    from runner.sources import source_schemas

    started = time.monotonic()
    home = state_dir(project)
    staging = home / "sources.duckdb"
    copied = duck_engine.copy_sources(pg_target, staging, project)
    duck_engine.clear_sources_replaced(staging)
    schemas = list(dict.fromkeys(source_schemas(project).values())) + [duck_engine.DEMO_LOADS[0]]
    written = export_sources(staging, home / "sources", schemas, copied)
    spark = session(target, project)
    register_sources(spark, written)
    if out is not None:
        out.print(f"copied {sum(rows for *_, rows in written):,} rows of {len(written)} tables to Spark"
                  f" ({home / 'sources'}) in {time.monotonic() - started:.1f}s")
    return {f"{schema}.{table}": rows for schema, table, _, rows in written}


def mart_counts(target: Target, schemas: tuple[str, ...], project: Path | None = None) -> list[tuple[str, int, int]]:
    """(schema, tables and views, rows of its tables) per mart schema."""
    spark = session(target, project)
    counts = []
    for schema in schemas:
        if not spark.catalog.databaseExists(schema):
            continue
        tables = spark.catalog.listTables(schema)
        rows = sum(spark.table(f"`{schema}`.`{table.name}`").count() for table in tables if table.tableType != "VIEW")
        counts.append((schema, len(tables), rows))
    return counts

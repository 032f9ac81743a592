"""`runner sources init`: create the five source systems' schemas and tables.

The DDL lives in runner/sql/<system>.sql with `__schema__` standing for the schema, whose
name is the dbt var `<system>_schema` (defaults in dbt_project.yml). Every statement is
`create ... if not exists`: running it twice changes nothing and it never drops anything.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import psycopg
import yaml

# every source system, in load order: the one list (runner.demo and the DuckDB copy read it);
# each has a schema var `<system>_schema` in dbt_project.yml and a DDL file runner/sql/<system>.sql
SYSTEMS = ("app", "spendsense", "finance", "aiop", "affiliate")
SQL_DIR = Path(__file__).resolve().parent / "sql"
BRONZE_TABLES = ("bronze_customers", "bronze_deposits", "bronze_trades", "bronze_assets")


def source_schemas(project: Path, overrides: dict | None = None) -> dict[str, str]:
    """Schema per source system: the dbt vars `<system>_schema`, overridable like --vars."""
    project_vars = yaml.safe_load((project / "dbt_project.yml").read_text()).get("vars", {})
    merged = {**project_vars, **(overrides or {})}
    return {system: str(merged.get(f"{system}_schema", system)) for system in SYSTEMS}


def ddl(system: str, schema: str) -> str:
    return (SQL_DIR / f"{system}.sql").read_text().replace("__schema__", _ident(schema))


def init_sources(conn: psycopg.Connection, schemas: dict[str, str]) -> list[str]:
    """Create what is missing; returns the tables that did not exist before."""
    before = _tables(conn, schemas.values())
    with conn.transaction():
        for system in SYSTEMS:
            conn.execute(ddl(system, schemas[system]))
    after = _tables(conn, schemas.values())
    return sorted(after - before)


def ensure_bronze_partitions(conn: psycopg.Connection, schema: str, months: list[date]) -> None:
    """Add a monthly partition to every bronze table for each month (first day) given.

    A month whose rows already sit in the default partition keeps them there: creating
    the partition would fail, and the default partition holds them just as well.
    """
    for table in BRONZE_TABLES:
        for month in sorted(set(months)):
            start = month.replace(day=1)
            end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
            name = f"{table}_{start:%Y_%m}"
            exists = conn.execute(
                "select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                " where n.nspname = %s and c.relname = %s",
                (schema, name),
            ).fetchone()
            if exists:
                continue
            in_default = conn.execute(
                f"select 1 from {_ident(schema)}.{_ident(table + '_default')}"
                " where load_timestamp >= %s and load_timestamp < %s limit 1",
                (start, end),
            ).fetchone()
            if in_default:
                continue
            conn.execute(
                f"create table {_ident(schema)}.{_ident(name)} partition of"
                f" {_ident(schema)}.{_ident(table)} for values from ('{start}') to ('{end}')"
            )


def _tables(conn: psycopg.Connection, schemas) -> set[str]:
    rows = conn.execute(
        "select table_schema || '.' || table_name from information_schema.tables"
        " where table_schema = any(%s)",
        (list(schemas),),
    ).fetchall()
    return {row[0] for row in rows}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'

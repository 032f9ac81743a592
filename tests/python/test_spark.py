"""The same models on Apache Spark: the small demo built on PostgreSQL and on a local Spark
session from the same generated rows gives the same marts, row for row.

Keys equal; every number equal to 1e-9 relative; text, dates, times and booleans exact; JSON
compared as parsed values; the org marts' build times left out (as in test_engines.py).
A mart Spark cannot build is listed in NOT_ON_SPARK (and in docs/engines.md) with the reason;
the test fails if Spark builds fewer marts than that list allows, or if a listed mart starts
to build (then the list and the docs are out of date).

Spark tables are plain Parquet and hold no constraints, so the contracts' column types are
checked against the built tables here too. The Spark session runs inside this test process
(dbt-spark's `session` method): one session per process, so this module owns it.
"""

from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal

import pytest
import yaml

from conftest import (
    MART_SCHEMAS, PROJECT, TRUST_VARS, assert_one_line_error, cli, comparable, mart_difference, marts,
)

pytestmark = pytest.mark.slow

BUILD_TIME_COLUMNS = {"created_at", "updated_at"}
# the marts Spark cannot build, with the reason (docs/engines.md says the same)
NOT_ON_SPARK: dict[str, str] = {}
SPARK_TYPES = {
    "text": "string", "uuid": "string", "json": "string", "jsonb": "string", "integer": "int",
    "timestamptz": "timestamp", "double precision": "double",
}


def _spark_or_skip() -> None:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java 17")
    pytest.importorskip("pyspark")
    pytest.importorskip("dbt.adapters.spark")


@pytest.fixture(scope="module")
def spark_demo(trust):
    """The trust warehouse's sources (the small demo on PostgreSQL, as_of_date 2026-10-31)
    copied into the trust home's local Spark warehouse and built there with the same vars:
    (postgres warehouse, Spark session, the build's output)."""
    _spark_or_skip()
    from runner.engines import spark as engine

    saved = os.environ.get("RUNNER_HOME")
    os.environ["RUNNER_HOME"] = str(trust.home)
    try:
        target = engine.builtin_target(PROJECT)
        engine.copy_sources(trust.target(), target, PROJECT)
    finally:
        if saved is None:
            os.environ.pop("RUNNER_HOME", None)
        else:
            os.environ["RUNNER_HOME"] = saved
    built = cli("build", "--target", "spark", "--vars", TRUST_VARS, env=trust.env)
    assert built.exit_code == 0, built.output
    return trust, engine.session(), built.output


def _sort_key(row: tuple) -> tuple:
    return tuple((value is None, str(round(value, 6)) if isinstance(value, Decimal) else str(value))
                 for value in row)


def _spark_rows(spark, mart: str, columns: list[str], json_columns: set[str]) -> list[tuple]:
    types = dict(spark.table(mart).dtypes)
    # an instant read as its UTC wall clock (the session's zone), not this process's zone
    select = ", ".join(f"cast(`{c}` as timestamp_ntz) as `{c}`" if types[c] == "timestamp" else f"`{c}`"
                       for c in columns)
    rows = []
    for row in spark.sql(f"select {select} from {mart}").collect():
        rows.append(tuple(comparable(json.loads(v) if c in json_columns and isinstance(v, str) else v)
                          for c, v in zip(columns, row)))
    return sorted(rows, key=_sort_key)


def _contracts() -> dict[str, dict[str, str]]:
    """Every mart's contract: schema.table -> {column: declared type}."""
    schema_of = {"product": "marts_product", "personalization": "marts_personalization",
                 "finance": "marts_finance", "org": "marts_org", "affiliate": "marts_affiliate"}
    contracts = {}
    for domain, schema in schema_of.items():
        for path in sorted((PROJECT / "models" / "marts" / domain).glob("_*.yml")):
            for model in yaml.safe_load(path.read_text()).get("models") or []:
                contracts[f"{schema}.{model['name']}"] = {
                    column["name"]: str(column.get("data_type", "")) for column in model.get("columns") or []}
    return contracts


def _spark_type(declared: str) -> str:
    declared = declared.strip().lower()
    if "jsonb" in declared:  # the Jinja that picks jsonb or json
        return "string"
    if declared.startswith("varchar"):
        return "string"
    if declared.startswith("numeric"):
        return declared.replace("numeric", "decimal").replace(" ", "")
    return SPARK_TYPES.get(declared, declared)


def test_every_mart_is_the_same_on_postgres_and_spark(spark_demo):
    postgres, spark, _ = spark_demo
    names = marts(postgres)
    assert len(names) == 39 and {name.split(".")[0] for name in names} == set(MART_SCHEMAS)
    on_spark = {f"{schema}.{row['tableName']}" for schema in MART_SCHEMAS
                for row in spark.sql(f"show tables in {schema}").collect()}
    differences = []
    compared = 0
    for mart in names:
        if mart in NOT_ON_SPARK:
            assert mart not in on_spark, f"{mart} builds on Spark now: take it off NOT_ON_SPARK and docs/engines.md"
            continue
        if mart not in on_spark:
            differences.append(f"{mart}: not built on Spark")
            continue
        schema, table = mart.split(".")
        described = postgres.query(
            "select column_name, data_type from information_schema.columns where table_schema = %s"
            " and table_name = %s order by ordinal_position", (schema, table))
        columns = [name for name, _ in described if not (schema == "marts_org" and name in BUILD_TIME_COLUMNS)]
        json_columns = {name for name, kind in described if kind in ("json", "jsonb")}
        want = sorted((tuple(comparable(v) for v in row) for row in postgres.query(
            f"select {', '.join(columns)} from {mart}")), key=_sort_key)
        got = _spark_rows(spark, mart, columns, json_columns)
        compared += 1
        differences += [d for d in [mart_difference(mart, columns, want, got, "spark")] if d]
    assert not differences, "\n".join(differences)
    assert compared == 39 - len(NOT_ON_SPARK)
    # the demo is not empty where it matters: every schema has rows on Spark
    for schema in MART_SCHEMAS:
        tables = [row["tableName"] for row in spark.sql(f"show tables in {schema}").collect()]
        assert sum(spark.table(f"{schema}.{name}").count() for name in tables) > 0, schema


def test_spark_marts_have_their_contracts_column_types(spark_demo):
    """Spark enforces a contract by casting (macros/materializations/spark_contract.sql): every
    built mart has exactly the contract's columns, each of the contract's type."""
    _, spark, _ = spark_demo
    contracts = _contracts()
    assert len(contracts) == 39
    wrong = []
    for mart, columns in contracts.items():
        if mart in NOT_ON_SPARK:
            continue
        built = dict(spark.table(mart).dtypes)
        want = {name: _spark_type(kind) for name, kind in columns.items()}
        if built != want:
            wrong.append(f"{mart}: " + ", ".join(
                f"{c} {built.get(c)} (contract {want.get(c)})" for c in sorted(set(built) | set(want))
                if built.get(c) != want.get(c)))
    assert not wrong, "\n".join(wrong)
    # a worked example: fct_onboarding_funnel's counts are a count(*) (a bigint on Spark) cast to
    # the contract's integer, its rate a decimal(9,6), its step text a string
    funnel = dict(spark.table("marts_product.fct_onboarding_funnel").dtypes)
    assert (funnel["users_reached"], funnel["reach_rate"], funnel["step"]) == ("int", "decimal(9,6)", "string")


def test_a_second_spark_build_keeps_the_org_marts_build_times(spark_demo):
    """A mart that reads its own previous version builds again on Spark (the new version is
    built beside the old one, then renamed into place), and with the same sources every row is
    unchanged, so created_at and updated_at stay those of the first build."""
    postgres, spark, _ = spark_demo
    mart = "marts_org.mart_sales_daily"
    before = {row[0]: (row[1], row[2]) for row in spark.sql(f"select id, created_at, updated_at from {mart}").collect()}
    rebuilt = cli("build", "--target", "spark", "--select", "mart_sales_daily", "--vars", TRUST_VARS,
                  env=postgres.env)
    assert rebuilt.exit_code == 0, rebuilt.output
    after = {row[0]: (row[1], row[2]) for row in spark.sql(f"select id, created_at, updated_at from {mart}").collect()}
    assert len(after) == len(before) == postgres.query(f"select count(*) from {mart}")[0][0]
    assert after == before


def test_the_spark_build_says_what_it_skips(spark_demo):
    *_, output = spark_demo
    for line in ("on Spark: no snapshots (plain Parquet tables have no merge)",
                 "on Spark: no row-level security, grants or indexes",
                 "on Spark: no incremental builds"):
        assert line in output, output
    assert output.count("on Spark: no snapshots") == 1


def test_spark_without_java_is_one_line(fixture_warehouse, monkeypatch, tmp_path):
    """No Java on PATH and no JAVA_HOME: exit 2 with the hint, before anything starts."""
    pytest.importorskip("pyspark")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = cli("build", "--target", "spark", env=fixture_warehouse.env)
    assert_one_line_error(result, "Spark needs Java 17")
    assert "openjdk-17" in result.stderr

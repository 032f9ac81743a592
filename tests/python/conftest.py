"""Shared fixtures: real embedded PostgreSQL servers in traversable temp dirs, and the CLI.

Every test session gets its own state root under /tmp (mode 0755: the server user must be
able to reach it when the suite runs as root), its own RUNNER_HOME and dbt target path,
so the suite never touches a developer's .runner/ or target/.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from click.testing import CliRunner

from runner.cli import main
from runner.config import Target
from runner.context import resolve_target
from runner.embedded import DATABASE, SUPERUSER, Embedded

PROJECT = Path(__file__).resolve().parents[2]
MART_SCHEMAS = ["marts_product", "marts_personalization", "marts_finance", "marts_org", "marts_affiliate"]
# the engines a domain fixture test runs on: PostgreSQL in the fast tier, DuckDB in the full suite
ENGINES = ["postgres", pytest.param("duckdb", marks=pytest.mark.slow)]
# fixtures that build the whole small demo (minutes): a test that uses one is slow
DEMO_FIXTURES = {"demo_small", "trust", "engines_demo"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if DEMO_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
COPY_IGNORE = shutil.ignore_patterns(".venv", ".runner", "target", "logs", ".git", "__pycache__", "*.egg-info", ".pytest_cache")


def traversable_dir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    path.chmod(0o755)
    return path


@pytest.fixture(scope="session")
def state_root():
    root = traversable_dir("runner-tests-")
    homes: list[Path] = []
    yield root, homes
    for home in homes:
        try:
            Embedded(home).stop()
        except Exception:  # a test may have broken it on purpose
            pass
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def isolated_env(state_root):
    """RUNNER_HOME, the dbt target path and logs of this session, never the developer's."""
    root, homes = state_root
    saved = dict(os.environ)
    for name in ("DBT_TARGET", "DBT_PROFILES_DIR", "RUNNER_PG_PORT"):
        os.environ.pop(name, None)
    os.environ["RUNNER_PROJECT_DIR"] = str(PROJECT)
    os.environ["RUNNER_HOME"] = str(root / "home")
    os.environ["DBT_TARGET_PATH"] = str(root / "target")
    os.environ["DBT_LOG_PATH"] = str(root / "logs")
    homes.append(root / "home")
    yield root
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(autouse=True)
def environment_is_restored(isolated_env):
    """Every test leaves the runner's environment as it found it (a leaked RUNNER_HOME would
    send later tests' builds to another test's database)."""
    watched = ("RUNNER_HOME", "RUNNER_PROJECT_DIR", "DBT_TARGET_PATH", "DBT_TARGET", "RUNNER_PG_PORT")
    before = {name: os.environ.get(name) for name in watched}
    yield
    after = {name: os.environ.get(name) for name in watched}
    assert after == before, f"the test changed the environment: {before} -> {after}"


@pytest.fixture(scope="session")
def new_home(state_root):
    """A factory of fresh RUNNER_HOMEs (each its own embedded server), stopped at the end."""
    root, homes = state_root

    def make(name: str) -> Path:
        home = root / name
        homes.append(home)
        return home

    return make


@pytest.fixture(scope="session")
def warehouse(isolated_env) -> Target:
    """The session's shared embedded database (started once)."""
    return resolve_target(None, None, PROJECT)


@pytest.fixture()
def sql(warehouse):
    """Run SQL on the shared warehouse: sql("select ...") -> list of tuples."""
    conn = psycopg.connect(**warehouse.conninfo(), autocommit=True)

    def run(statement: str, params=None):
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []

    yield run
    conn.close()


def cli(*args: str, input: str | None = None, env: dict | None = None):
    """Invoke `runner` in-process; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, list(args), input=input, env=env)


def assert_one_line_error(result, *fragments: str) -> None:
    """Exit 2, no traceback, an `error:` line (plus at most a `hint:` line) naming each fragment."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 2, result.stderr
    assert lines[0].startswith("error: "), result.stderr
    if len(lines) == 2:
        assert lines[1].startswith("hint:"), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture()
def project_copy(tmp_path_factory):
    """A copy of the dbt project to break on purpose; RUNNER_PROJECT_DIR points at it."""
    base = traversable_dir("runner-project-")
    copy = base / "project"
    shutil.copytree(PROJECT, copy, ignore=COPY_IGNORE)
    saved = {name: os.environ.get(name) for name in ("RUNNER_PROJECT_DIR", "DBT_TARGET_PATH")}
    os.environ["RUNNER_PROJECT_DIR"] = str(copy)
    os.environ["DBT_TARGET_PATH"] = str(copy / "target")
    yield copy
    for name, value in saved.items():
        os.environ[name] = value
    shutil.rmtree(base, ignore_errors=True)


class FixtureWarehouse:
    """An embedded server of its own for hand-made fixtures (never the demo data).

    A domain test loads its source system's fixture rows, builds that domain with fixed
    vars, and asserts the exact numbers worked out by hand:

        @pytest.fixture(scope="module")
        def product(fixture_warehouse):
            fixture_warehouse.load("app", FIXTURES / "app.sql")
            result = fixture_warehouse.build("source:app+", as_of_date="2026-03-10",
                                             reporting_timezone="America/New_York")
            assert result.exit_code == 0, result.output
            return fixture_warehouse
    """

    def __init__(self, home: Path, engine: str = "postgres"):
        self.home = home
        self.engine = engine
        self.env = {"RUNNER_HOME": str(home)}
        self._target: Target | None = None

    def on(self, engine: str) -> "FixtureWarehouse":
        """The same server seen through another engine: fixtures still load into PostgreSQL
        (the one place the fixture SQL runs) and are copied to this home's DuckDB file; builds
        and queries go to DuckDB. Queries are written for PostgreSQL (psycopg's %s) and
        translated to DuckDB's parameters."""
        view = FixtureWarehouse(self.home, engine)
        view._target = self._target
        return view

    def duckdb_file(self) -> Path:
        return self.home / "duckdb" / "warehouse.duckdb"

    def target(self) -> Target:
        """This home's server, started if needed; never through os.environ, which tests'
        threads and CliRunner share."""
        if self._target is None:
            embedded = Embedded(self.home)
            layout = embedded.ensure_running()
            self._target = Target(
                name="embedded", profiles_dir=self.home, embedded=True, host="127.0.0.1",
                port=layout.port, user=SUPERUSER, password=embedded.password(), dbname=DATABASE,
            )
        return self._target

    def load(self, system: str, fixture: Path | str) -> None:
        """Empty every table of the system's schema, then run the fixture SQL (a file or text)."""
        text = fixture.read_text() if isinstance(fixture, Path) else fixture
        with psycopg.connect(**self.target().conninfo(), autocommit=True) as conn:
            tables = conn.execute(
                "select format('%%I.%%I', schemaname, tablename) from pg_tables where schemaname = %s",
                (system,),
            ).fetchall()
            if tables:
                conn.execute("truncate " + ", ".join(t[0] for t in tables) + " restart identity")
            conn.execute(text)
        self._copy_to_engine()

    def build(self, select: str, full_refresh: bool = True, **dbt_vars):
        """Build with fixed vars. A hand-made fixture replaces its sources wholesale, so by
        default incremental models start over (--full-refresh) instead of carrying rows of
        the data that was there before."""
        import json

        args = ["build", "--select", select]
        if self.engine != "postgres":
            args += ["--target", self.engine]
        if full_refresh:
            args.append("--full-refresh")
        if dbt_vars:
            args += ["--vars", json.dumps(dbt_vars)]
        return cli(*args, env=self.env)

    def change_sources(self, statement: str, params=None) -> None:
        """Change source rows in place (on PostgreSQL, where sources are written), and copy
        them again to DuckDB when the warehouse is seen through it."""
        with psycopg.connect(**self.target().conninfo(), autocommit=True) as conn:
            conn.execute(statement, params)
        self._copy_to_engine()

    def _copy_to_engine(self) -> None:
        """Sources are written on PostgreSQL; seen through DuckDB, they are copied there."""
        if self.engine == "duckdb":
            from runner.engines.duckdb import copy_sources

            copy_sources(self.target(), self.duckdb_file(), PROJECT)

    def query(self, statement: str, params=None) -> list[tuple]:
        if self.engine == "duckdb":
            return self._duckdb(statement, params)[1]
        with psycopg.connect(**self.target().conninfo(), autocommit=True) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def dicts(self, statement: str, params=None) -> list[dict]:
        if self.engine == "duckdb":
            names, rows = self._duckdb(statement, params)
            return [dict(zip(names, row)) for row in rows]
        with psycopg.connect(**self.target().conninfo(), autocommit=True) as conn:
            cursor = conn.execute(statement, params)
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def _duckdb(self, statement: str, params=None) -> tuple[list[str], list[tuple]]:
        """A statement on this home's DuckDB file (read-only for a query); JSON values parsed as
        psycopg does."""
        import json

        import duckdb

        text = statement.replace("%s", "?").replace("%%", "%")
        reads = text.lstrip().lower().startswith(("select", "with"))
        with duckdb.connect(str(self.duckdb_file()), read_only=reads) as conn:
            conn.execute("set TimeZone = 'UTC'")
            cursor = conn.execute(text, list(params) if params is not None else None)
            if not cursor.description:
                return [], []
            names = [column[0] for column in cursor.description]
            json_columns = [i for i, column in enumerate(cursor.description) if str(column[1]) == "JSON"]
            rows = cursor.fetchall()
        if json_columns:
            rows = [tuple(json.loads(v) if i in json_columns and isinstance(v, str) else v
                          for i, v in enumerate(row)) for row in rows]
        return names, rows


@pytest.fixture(scope="session")
def fixture_warehouse(new_home) -> FixtureWarehouse:
    """The session's server for hand-made fixtures, with every source table created."""
    warehouse = FixtureWarehouse(new_home("fixtures"))
    result = cli("sources", "init", env=warehouse.env)
    assert result.exit_code == 0, result.output
    return warehouse


@pytest.fixture(scope="session")
def demo_small(new_home):
    """`runner demo --scale small` once per session, on its own server: (result, target)."""
    home = new_home("demo-small")
    result = cli("demo", "--scale", "small", env={"RUNNER_HOME": str(home)})
    warehouse = FixtureWarehouse(home)
    return result, warehouse


TRUST_VARS = '{"as_of_date": "2026-10-31"}'


@pytest.fixture(scope="session")
def trust(new_home):
    """The small demo on a server of its own, built once with a fixed as_of_date, shared by
    the trust and access tests (each leaves it as it found it)."""
    home = new_home("trust")
    warehouse = FixtureWarehouse(home)
    loaded = cli("sources", "load-demo", "--scale", "small", env=warehouse.env)
    assert loaded.exit_code == 0, loaded.output
    built = cli("build", "--vars", TRUST_VARS, env=warehouse.env)
    assert built.exit_code == 0, built.output
    return warehouse


def postgres_only(warehouse, why: str) -> None:
    """Skip a test of what only PostgreSQL has (its catalog, indexes, concurrent readers)."""
    if warehouse.engine != "postgres":
        pytest.skip(f"PostgreSQL only: {why}")


def marts(warehouse) -> list[str]:
    rows = warehouse.query(
        "select format('%%I.%%I', table_schema, table_name) from information_schema.tables"
        " where table_schema = any(%s) and table_type = 'BASE TABLE' order by 1",
        (MART_SCHEMAS,),
    )
    return [row[0] for row in rows]


def checksums(warehouse, ignore: tuple[str, ...] = ()) -> dict[str, str]:
    """md5 of every mart's rows as text, ordered by its primary key (or by the whole row).
    Columns named in `ignore` (the org marts' build times, between two warehouses) are left out."""
    sums = {}
    with psycopg.connect(**warehouse.target().conninfo(), autocommit=True) as conn:
        conn.execute("set timezone = 'UTC'")
        for mart in marts(warehouse):
            columns = [row[0] for row in conn.execute(
                "select format('t.%%I', attname) from pg_attribute where attrelid = %s::regclass"
                " and attnum > 0 and not attisdropped and attname <> all(%s) order by attnum",
                (mart, list(ignore)),
            ).fetchall()]
            row_text = f"row({', '.join(columns)})::text" if ignore else "t::text"
            key = conn.execute(
                "select string_agg(format('%%I', a.attname), ', ' order by k.ord)"
                " from pg_index as i cross join unnest(i.indkey) with ordinality as k (attnum, ord)"
                " join pg_attribute as a on a.attrelid = i.indrelid and a.attnum = k.attnum"
                " where i.indrelid = %s::regclass and i.indisprimary",
                (mart,),
            ).fetchone()[0]
            order = key or row_text
            sums[mart] = conn.execute(
                f"select count(*) || ':' || md5(coalesce(string_agg({row_text}, E'\\n' order by {order}), ''))"
                f" from {mart} as t"
            ).fetchone()[0]
    return sums


# ----- comparing marts across engines --------------------------------------------------------

RELATIVE = Decimal("1e-9")


def comparable(value):
    """A mart value as every engine can agree on it: numbers as Decimal, JSON as sorted text,
    instants as their UTC wall clock, dates as ISO text, a uuid as its text (Spark's)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def mart_difference(mart: str, columns: list[str], want: list[tuple], got: list[tuple], engine: str) -> str | None:
    """The first way two engines' rows of a mart (in the same order) differ, or None."""
    if len(want) != len(got):
        return f"{mart}: {len(want)} rows on postgres, {len(got)} on {engine}"
    for row_want, row_got in zip(want, got):
        bad = [(c, a, b) for c, a, b in zip(columns, row_want, row_got) if not same_value(a, b)]
        if bad:
            return f"{mart}: {bad[:3]} (row {row_want[:3]})"
    return None


def same_value(left, right) -> bool:
    """Equal, or numbers equal to 1e-9 relative."""
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        return left == right or abs(left - right) <= RELATIVE * max(abs(left), abs(right))
    return left == right

"""Each runner command's happy path, its exit codes, and its one-line errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from conftest import PROJECT, assert_one_line_error, cli

COMMANDS = [
    ["demo"], ["db", "start"], ["db", "stop"], ["db", "status"], ["db", "url"], ["db", "reset"],
    ["sources", "init"], ["sources", "load-demo"], ["build"], ["lint"], ["docs"], ["freshness"], ["check"],
    ["access", "grant"], ["access", "revoke"], ["access", "list"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_every_command_has_help_with_an_example(command):
    result = cli(*command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output


def _profiles(tmp_path: Path, port: int, password: str) -> Path:
    (tmp_path / "profiles.yml").write_text(
        "warehouse:\n  target: down\n  outputs:\n"
        f"    down: {{type: postgres, host: 127.0.0.1, port: {_closed_port()}, user: runner, password: x, dbname: warehouse, schema: public, threads: 1}}\n"
        f"    badpw: {{type: postgres, host: 127.0.0.1, port: {port}, user: runner, password: {password}, dbname: warehouse, schema: public, threads: 1}}\n"
    )
    return tmp_path


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_database_exits_2_with_one_line(warehouse, tmp_path):
    profiles = _profiles(tmp_path, warehouse.port, "wrong")
    assert_one_line_error(cli("build", "--target", "down", "--profiles-dir", str(profiles)), "cannot reach", "target down")


def test_wrong_password_exits_2_with_one_line(warehouse, tmp_path):
    profiles = _profiles(tmp_path, warehouse.port, "not-the-password")
    assert_one_line_error(cli("build", "--target", "badpw", "--profiles-dir", str(profiles)), "wrong password", "runner")


def test_unknown_target_exits_2_naming_the_known_ones(warehouse, tmp_path):
    profiles = _profiles(tmp_path, warehouse.port, "x")
    result = cli("build", "--target", "nope", "--profiles-dir", str(profiles))
    assert_one_line_error(result, "unknown target 'nope'", "badpw, down")


def test_target_without_any_profiles_file_exits_2(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("RUNNER_PROJECT_DIR", str(PROJECT))
    assert_one_line_error(cli("freshness", "--target", "prod", "--profiles-dir", str(tmp_path)),
                          f"the profiles directory {tmp_path} holds no profiles.yml")
    monkeypatch.delenv("DBT_PROFILES_DIR", raising=False)
    assert_one_line_error(cli("freshness", "--target", "prod"), "no profiles.yml found")


def test_demo_refuses_a_real_target():
    assert_one_line_error(cli("demo", "--target", "prod"), "embedded database only")


def test_bad_vars_exit_2(warehouse):
    assert_one_line_error(cli("build", "--vars", "[1, 2"), "--vars is not valid YAML")


@pytest.mark.slow
def test_demo_builds_the_thin_slice_and_says_how_to_connect(warehouse, sql):
    result = cli("demo", "--scale", "300", "--seed", "3")
    assert result.exit_code == 0, result.output
    assert 'psql "$(runner db url)"' in result.output
    assert "marts_product" in result.output
    assert sql("select count(*) from marts_product.dim_app_users") == [(300,)]
    # a cohort week is the Monday on or before the signup date
    assert sql(
        "select count(*) from marts_product.dim_app_users where extract(isodow from signup_week) <> 1"
        " or signup_date < signup_week or signup_date >= signup_week + 7"
    ) == [(0,)]
    # progress: one line per node, then the summary table
    assert "ok      model     dim_app_users" in result.output
    assert "slowest nodes" in result.output


def test_build_exits_1_and_names_the_failing_test(warehouse, project_copy):
    failing = project_copy / "tests" / "singular_always_fails.sql"
    failing.write_text("-- a test that finds one offending row\nselect 1 as offending_row\n")
    result = cli("build", "--select", "singular_always_fails")
    assert result.exit_code == 1, result.output
    assert "FAILED test singular_always_fails" in result.output
    assert "Traceback" not in result.output


def test_lint_is_clean_and_flags_a_bad_model(project_copy):
    # one folder (the whole project is linted by `runner check` in test_check_passes_on_the_project)
    clean = cli("lint", "models/staging/app")
    assert clean.exit_code == 0, clean.output
    bad = project_copy / "models" / "staging" / "app" / "stg_app__bad.sql"
    bad.write_text("SELECT ID,email from {{ source('app', 'users') }}\n")
    result = cli("lint", "models/staging/app/stg_app__bad.sql")
    assert result.exit_code == 1
    assert "stg_app__bad.sql:1:1: CP01" in result.output


@pytest.mark.slow
def test_docs_writes_a_static_site(warehouse):
    result = cli("docs")
    assert result.exit_code == 0, result.output
    site = Path(os.environ["DBT_TARGET_PATH"]) / "static_index.html"
    assert site.exists() and site.stat().st_size > 100_000


def test_freshness_passes_on_fresh_data_and_fails_on_stale(warehouse, sql):
    cli("sources", "init")
    # judged by its rows, as a real feed is (a demo load would count as the latest load)
    if sql("select to_regclass('runner_demo.loads') is not null")[0][0]:
        sql("delete from runner_demo.loads where source_schema = 'app'")
    sql("insert into app.users (id, email, created_at) values (999100, 'fresh@example.com', now() - interval '1 hour')")
    try:
        fresh = cli("freshness", "--select", "source:app.users")
        assert fresh.exit_code == 0, fresh.output
        sql("update app.users set created_at = created_at - interval '5 days' where created_at > now() - interval '2 days'")
        stale = cli("freshness", "--select", "source:app.users")
        assert stale.exit_code == 1, stale.output
        assert "FAILED source app.users: latest load" in stale.output
    finally:
        sql("delete from app.users where id = 999100")


@pytest.mark.slow  # lints the whole project once per session (about a minute cold)
def test_check_fails_on_a_mart_without_a_contract(warehouse, project_copy):
    mart = project_copy / "models" / "marts" / "product" / "fct_uncontracted.sql"
    mart.write_text("{{ config(contract={'enforced': false}) }}\n\nselect user_id from {{ ref('dim_app_users') }}\n")
    (project_copy / "models" / "marts" / "product" / "_uncontracted.yml").write_text(
        "models:\n  - name: fct_uncontracted\n    description: A mart that forgot its contract.\n"
        "    columns:\n      - name: user_id\n        description: The user.\n        data_tests: [unique, not_null]\n"
    )
    result = cli("check", "--no-build")
    assert result.exit_code == 1, result.output
    assert "check_model_has_contracts_enforced (models/marts/product/fct_uncontracted.sql)" in result.output
    assert "conventions FAILED" in result.output


@pytest.mark.slow  # lints the whole project once per session (about a minute cold)
def test_check_fails_on_a_public_mart_with_a_tenant_column_and_no_row_security(warehouse, project_copy):
    folder = project_copy / "models" / "marts" / "product"
    (folder / "fct_tenant_leak.sql").write_text("select 1 as org_id\n")
    (folder / "_tenant_leak.yml").write_text(
        "models:\n  - name: fct_tenant_leak\n    description: A mart of one tenant's rows in an unsecured folder.\n"
        "    columns:\n      - name: org_id\n        description: The tenant.\n        data_type: integer\n"
        "        data_tests: [unique, not_null]\n"
    )
    result = cli("check", "--no-build")
    assert result.exit_code == 1, result.output
    assert "check_tenant_mart_has_row_security (models/marts/product/fct_tenant_leak.sql)" in result.output
    assert "conventions: 1 rule violation(s)" in result.output


@pytest.mark.slow  # lints the whole project once per session (about a minute cold)
def test_check_fails_on_a_model_that_writes_engine_specific_sql_inline(warehouse, project_copy):
    """The engine seam: `->>` and an unqualified numeric inline fail, naming the macro to use;
    a macro call and a comment that names a construct do not."""
    folder = project_copy / "models" / "intermediate" / "product"
    (folder / "int_engine_specific.sql").write_text(
        "-- a comment may name distinct on or at time zone\n"
        "select\n"
        "    users.user_id,\n"
        "    cast(users.payload ->> 'kind' as numeric) as kind_number,\n"
        "    {{ json_typeof('users.payload') }} as payload_kind\n"
        "from {{ ref('dim_app_users') }} as users\n"
    )
    result = cli("check", "--no-build")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "int_engine_specific` writes engine-specific SQL" in line]
    assert len(lines) == 1, result.output
    assert "`->>` (use the json_* macros" in lines[0] and "`numeric` (use a precision and scale" in lines[0]
    assert "json_typeof" not in lines[0] and "distinct on" not in lines[0] and "time zone" not in lines[0]


@pytest.mark.slow
def test_check_passes_on_the_project(warehouse):
    assert cli("sources", "init").exit_code == 0
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert "check: lint ok, parse ok, build ok, conventions ok" in result.output


def _lock_holders(warehouse) -> int:
    with psycopg.connect(**warehouse.conninfo(), autocommit=True) as conn:
        return conn.execute(
            "select count(*) from pg_locks where locktype = 'advisory' and classid = %s and objid = 1 and granted",
            (0x52554E,),
        ).fetchone()[0]


APP_SLICE = "source:app+ motivation_intent_map+"


@pytest.mark.slow
def test_two_concurrent_builds_never_interleave(warehouse, state_root):
    root, _ = state_root
    assert cli("sources", "init").exit_code == 0  # the app slice builds (on whatever rows are there)
    env = dict(os.environ, DBT_TARGET_PATH=str(root / "target-first"), DBT_LOG_PATH=str(root / "logs-first"))
    first = subprocess.Popen(
        [sys.executable, "-m", "runner", "build", "--select", APP_SLICE],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while _lock_holders(warehouse) == 0:
            assert first.poll() is None, first.stdout.read()
            assert time.monotonic() < deadline, "the first build never took the lock"
            time.sleep(0.05)
        # the second fails fast, naming the first
        second = cli("build", "--select", APP_SLICE)
        assert_one_line_error(second, "another runner is already writing", "runner build (pid")
        assert "--wait" in second.stderr
        # asked to wait, it queues behind the first and then builds
        waited = cli("build", "--select", APP_SLICE, "--wait", "300")
        assert waited.exit_code == 0, waited.output
        assert first.wait(timeout=300) == 0
    finally:
        if first.poll() is None:
            first.kill()

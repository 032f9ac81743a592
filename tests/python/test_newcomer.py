"""What a newcomer hits: closed pipes, bad input, empty selections, connection errors,
freshness of demo data, and a reset that keeps the connection a BI tool saved."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import time
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import psycopg
import pytest

from conftest import PROJECT, TRUST_VARS, assert_one_line_error, cli

# (arguments, what the one error line must name)
BAD_INPUTS = [
    (["build", "--vars", "{as_of_date: 2026-13-45}"], ["as_of_date", "'2026-13-45'", "YYYY-MM-DD"]),
    (["build", "--vars", "{as_of_date: yesterday}"], ["as_of_date", "'yesterday'"]),
    (["build", "--vars", "{as_of_dat: 2026-01-01}"], ["unknown var 'as_of_dat'"]),
    (["build", "--vars", "{reporting_timezone: Mars/Olympus}"], ["reporting_timezone", "'Mars/Olympus'"]),
    (["build", "--vars", "{incremental_id_overlap: -5}"], ["incremental_id_overlap", "'-5'"]),
    (["build", "--vars", "{swap_max_wait_seconds: soon}"], ["swap_max_wait_seconds", "'soon'"]),
    (["build", "--vars", "{swap_lock_timeout: forever}"], ["swap_lock_timeout", "'forever'"]),
    (["build", "--vars", "{app_schema: 'app; drop table x'}"], ["app_schema"]),
    (["build", "--vars", "[1, 2"], ["--vars is not valid YAML"]),
    (["build", "--vars", "7"], ["--vars must be a mapping"]),
    (["build", "--wait", "soon"], ["--wait", "'soon'"]),
    (["build", "--no-such-flag"], ["--no-such-flag"]),
    (["demo", "--scale", "huge"], ["unknown scale 'huge'"]),
    (["demo", "--seed", "x"], ["--seed", "'x'"]),
    (["demo", "--end-date", "2026-02-30"], ["--end-date", "'2026-02-30'"]),
    (["sources", "load-demo", "--delta", "2"], ["--delta", "2"]),
    (["sources", "load-demo", "--scale", "-3"], ["unknown scale '-3'"]),
    (["bench", "--scale", "0"], ["unknown scale '0'"]),
    (["lint", "no/such/path.sql"], ["no such file or directory: no/such/path.sql"]),
    (["access", "grant", "someone", "--org", "abc"], ["--org", "'abc'"]),
    (["access", "grant", "someone"], ["--org ID, --affiliate ID or --all"]),
    (["docs", "--port", "http"], ["--port", "'http'"]),
    (["db", "reset", "--bogus"], ["--bogus"]),
    (["nonsense"], ["nonsense"]),
]


@pytest.mark.parametrize("args, named", BAD_INPUTS, ids=[" ".join(args) for args, _ in BAD_INPUTS])
def test_a_bad_value_is_one_line_and_exit_2(warehouse, args, named):
    assert_one_line_error(cli(*args), *named)


@pytest.mark.parametrize("selection", ["nonexistent_model_xyz", "tag:nope", "marts.nope+"])
def test_a_selection_that_matches_nothing_is_an_error(warehouse, selection):
    result = cli("build", "--select", selection)
    assert_one_line_error(result, f"--select '{selection}' matches no node")


def test_a_selection_with_one_unknown_part_runs_nothing(warehouse):
    result = cli("build", "--select", "stg_app__users no_such_model")
    assert_one_line_error(result, "--select 'no_such_model' matches no node")
    assert "stg_app__users" not in result.stdout  # nothing was built


def test_freshness_selection_that_matches_nothing_is_an_error(warehouse):
    assert_one_line_error(cli("freshness", "--select", "source:nope"), "--select 'source:nope' matches no node")


@pytest.mark.parametrize("command", [["build", "--select", "dim_organizations", "--vars", TRUST_VARS], ["freshness"]],
                         ids=["build", "freshness"])
def test_a_closed_pipe_ends_the_command_quietly(trust, command):
    env = dict(os.environ, **trust.env)
    quoted = " ".join(f"'{part}'" for part in command)
    started = time.monotonic()
    done = subprocess.run(
        f"'{sys.executable}' -m runner {quoted} | head -1", shell=True, env=env,
        capture_output=True, text=True, timeout=120,
    )
    assert time.monotonic() - started < 30, done.stderr
    assert len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    # the build lock went with the process: the next build runs at once
    again = cli("build", "--select", "dim_organizations", "--vars", TRUST_VARS, env=trust.env)
    assert again.exit_code == 0, again.output


def _profiles(tmp_path: Path, outputs: str) -> Path:
    (tmp_path / "profiles.yml").write_text("warehouse:\n  target: x\n  outputs:\n" + outputs)
    return tmp_path


def test_a_wrong_password_is_named_for_every_command(warehouse, tmp_path):
    profiles = _profiles(tmp_path, (
        f"    badpw: {{type: postgres, host: 127.0.0.1, port: {warehouse.port}, user: runner,"
        " password: not-it, dbname: warehouse, schema: public, threads: 1}\n"))
    for command in (["freshness"], ["docs"], ["build"], ["access", "list"]):
        result = cli(*command, "--target", "badpw", "--profiles-dir", str(profiles))
        assert_one_line_error(result, "wrong password for user runner", "target badpw")


def test_an_unset_password_variable_is_named(warehouse, tmp_path, monkeypatch):
    monkeypatch.delenv("NEWCOMER_UNSET_PASSWORD", raising=False)
    profiles = _profiles(tmp_path, (
        f"    nopw: {{type: postgres, host: 127.0.0.1, port: {warehouse.port}, user: runner,"
        " password: \"{{ env_var('NEWCOMER_UNSET_PASSWORD', '') }}\", dbname: warehouse, schema: public, threads: 1}\n"))
    result = cli("build", "--target", "nopw", "--profiles-dir", str(profiles))
    assert_one_line_error(result, "target nopw has no password", "NEWCOMER_UNSET_PASSWORD")


def test_an_unknown_host_is_named(tmp_path):
    profiles = _profiles(tmp_path, (
        "    far: {type: postgres, host: no-such-host.invalid, port: 5432, user: runner,"
        " password: x, dbname: warehouse, schema: public, threads: 1}\n"))
    assert_one_line_error(cli("freshness", "--target", "far", "--profiles-dir", str(profiles)),
                          "unknown host no-such-host.invalid")


def test_a_missing_profiles_directory_is_named_even_with_dbt_profiles_dir_set(tmp_path, monkeypatch):
    good = _profiles(tmp_path, "    x: {type: postgres, host: 127.0.0.1, port: 1, user: u, password: p, dbname: d}\n")
    monkeypatch.setenv("DBT_PROFILES_DIR", str(good))
    missing = tmp_path / "not-there"
    result = cli("build", "--target", "x", "--profiles-dir", str(missing))
    assert_one_line_error(result, f"the profiles directory {missing} does not exist")


def test_freshness_right_after_the_demo_passes_and_a_stale_demo_says_why(demo_small):
    built, warehouse = demo_small
    assert built.exit_code == 0, built.output
    fresh = cli("freshness", env=warehouse.env)
    assert fresh.exit_code == 0, fresh.output
    # the same data loaded four days ago: the app's daily checks warn at 24 h and fail at 72 h
    warehouse.query("update runner_demo.loads set loaded_at = loaded_at - interval '4 days' where source_schema = 'app'")
    try:
        stale = cli("freshness", "--select", "source:app", env=warehouse.env)
        assert stale.exit_code == 1, stale.output
        line = next(line for line in stale.output.splitlines() if line.startswith("FAILED source app.users"))
        assert re.search(r"latest load 2026-\d\d-\d\d \d\d:\d\d UTC, 4\.0 days old"
                         r" \(warn after 24 hours, error after 72 hours\)", line), line
    finally:
        warehouse.query("update runner_demo.loads set loaded_at = loaded_at + interval '4 days' where source_schema = 'app'")


def test_reset_keeps_the_port_and_the_password(new_home):
    env = {"RUNNER_HOME": str(new_home("reset-keeps"))}
    assert cli("db", "start", env=env).exit_code == 0
    url = cli("db", "url", env=env).output.strip()
    reset = cli("db", "reset", "--yes", env=env)
    assert reset.exit_code == 0 and "with the same password" in reset.output, reset.output
    assert cli("db", "start", env=env).exit_code == 0
    assert cli("db", "url", env=env).output.strip() == url
    with psycopg.connect(url) as conn:  # a saved connection still works
        assert conn.execute("select 1").fetchone() == (1,)
    renewed = cli("db", "reset", "--yes", "--new-password", env=env)
    assert renewed.exit_code == 0 and "with a new password" in renewed.output
    assert cli("db", "start", env=env).exit_code == 0
    new_url = cli("db", "url", env=env).output.strip()
    assert new_url != url and new_url.rsplit("@", 1)[1] == url.rsplit("@", 1)[1]  # same host and port
    assert cli("db", "stop", env=env).exit_code == 0


def test_reset_without_an_answer_deletes_nothing(new_home):
    env = {"RUNNER_HOME": str(new_home("reset-eof"))}
    assert cli("db", "start", env=env).exit_code == 0
    result = cli("db", "reset", input="", env=env)  # stdin closed, as with </dev/null
    assert_one_line_error(result, "no answer", "nothing was deleted")
    assert "Aborted" not in result.output
    assert cli("db", "url", env=env).exit_code == 0
    assert cli("db", "stop", env=env).exit_code == 0


@pytest.mark.slow
def test_progress_counts_each_node_once_and_docs_print_no_test_lines(warehouse):
    assert cli("sources", "init").exit_code == 0
    built = cli("build", "--select", "source:app+ motivation_intent_map+")
    assert built.exit_code == 0, built.output
    counters = [tuple(map(int, match)) for match in re.findall(r"^ *(\d+)/(\d+) ", built.output, re.M)]
    assert counters and all(done <= total for done, total in counters)
    assert [done for done, _ in counters] == list(range(1, len(counters) + 1))
    assert counters[-1][0] == counters[-1][1]
    docs = cli("docs")
    assert docs.exit_code == 0, docs.output
    assert not re.search(r"^ *\d+/\d+ ", docs.output, re.M), docs.output[:500]


def _imported_distributions() -> set[str]:
    """Distributions the runner's code imports (standard library and the runner left out)."""
    modules = set()
    for path in (PROJECT / "runner").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
        modules |= set(re.findall(r"find_spec\(\"([a-z_]+)\"\)", path.read_text()))
    distributions = packages_distributions()
    found = set()
    for module in modules - set(sys.stdlib_module_names) - {"runner", "__future__"}:
        names = {name.lower() for name in distributions.get(module, [module])}
        # dbt_common is dbt-core's own library, pinned by it
        found.add("dbt-core" if module in ("dbt", "dbt_common") else sorted(names)[0])
    return found


def _declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return {re.split(r"[\[<>=~! ;]", spec, maxsplit=1)[0].lower() for spec in specs}


def test_declared_dependencies_match_what_the_code_imports():
    imported = _imported_distributions()
    declared = _declared() | _declared("dev") | _declared("spark")
    assert imported - declared == set()  # nothing imported that a fresh install lacks
    assert "pyspark" in imported and "pyspark" in _declared("spark")  # Spark's own extra
    # nothing declared that nothing uses (dbt-postgres and dbt-duckdb are dbt's adapter plugins)
    assert _declared() - imported - {"dbt-postgres", "dbt-duckdb"} == set()

"""Jobs (selectors.yml), alerts and the run history (runner_log, marts_ops).

The job table below is the operations design's ETL Job Schedule written out by hand (plus one
job per other domain); the selections, crontab, alerts and run history are checked against it.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from croniter import croniter

from conftest import PROJECT, FixtureWarehouse, assert_one_line_error, cli

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = "2026-03-03"

# job -> (its marts, cron, time zone): design document 003, section 4 (ETL Job Schedule).
# "Both" runs at 2 AM in America/Chicago, when the day has ended for both organizations;
# dim_organizations rides with the job of both organizations.
ORG_JOBS = {
    "etl_quickbooks_financial": ({"dim_organizations", "mart_financial_metrics"}, "0 2 * * *", "America/Chicago"),
    "etl_hubspot_contacts": ({"mart_crm_contacts"}, "0 3 * * *", "America/New_York"),
    "etl_hubspot_deals": ({"mart_crm_deals"}, "0 3 * * *", "America/New_York"),
    "etl_zoom_metrics": ({"mart_zoom_metrics"}, "0 4 * * *", "America/New_York"),
    "etl_case_metrics": ({"mart_case_metrics"}, "0 5 * * *", "America/New_York"),
    "etl_app_analytics": ({"mart_app_analytics"}, "0 6 * * *", "America/New_York"),
    "etl_sales_daily": ({"mart_sales_daily"}, "0 1 * * *", "America/Chicago"),
    "etl_rental_fleet": ({"mart_rental_fleet"}, "30 1 * * *", "America/Chicago"),
    "etl_cash_flow": ({"mart_cash_flow"}, "0 2 * * *", "America/Chicago"),
}
# the other systems: one job per domain, every mart of its schema
DOMAIN_JOBS = {
    "product_daily": "marts_product",
    "personalization_daily": "marts_personalization",
    "finance_daily": "marts_finance",
    "affiliate_daily": "marts_affiliate",
}


@pytest.fixture(scope="module")
def manifest(warehouse):
    from runner import dbt

    parsed = dbt.parse(warehouse, PROJECT)
    return parsed, dbt.manifest_json(parsed)


def _selected(warehouse, parsed, selector: str) -> set[str]:
    from dbt.cli.main import dbtRunner

    from runner import dbt

    listed = dbtRunner(manifest=parsed).invoke(dbt._args(
        ["ls", "--selector", selector, "--output", "json", "--output-keys", "unique_id", "--quiet"],
        warehouse, PROJECT, None))
    assert listed.success, listed.exception
    return {json.loads(line)["unique_id"] for line in listed.result}


def _ancestors(manifest: dict, roots: set[str]) -> set[str]:
    found, stack = set(roots), list(roots)
    while stack:
        for parent in manifest["parent_map"].get(stack.pop(), []):
            if parent not in found and not parent.startswith("source."):
                found.add(parent)
                stack.append(parent)
    return found


def test_each_job_selects_the_marts_of_its_row_and_their_upstream(warehouse, manifest):
    parsed, data = manifest
    nodes = data["nodes"]
    marts = {uid: node for uid, node in nodes.items()
             if node["resource_type"] == "model" and node["original_file_path"].startswith("models/marts/")}
    expected = {job: names for job, (names, _, _) in ORG_JOBS.items()}
    for job, schema in DOMAIN_JOBS.items():
        expected[job] = {node["name"] for node in marts.values() if node["schema"] == schema}
    assert len(expected["product_daily"]) == 6 and len(expected["affiliate_daily"]) == 12
    assert set(expected) == set(data["selectors"])
    for job, names in expected.items():
        selected = _selected(warehouse, parsed, job)
        assert {marts[uid]["name"] for uid in selected if uid in marts} == names, job
        roots = {uid for uid in marts if marts[uid]["name"] in names}
        built = {uid for uid in selected if uid.split(".")[0] in ("model", "seed", "snapshot")}
        assert built == _ancestors(data, roots), job
        # every test of the job's nodes and sources, and no test that reads a model the job
        # does not build (indirect_selection: buildable; dbt leaves a source test's other
        # source out of that rule: sources are not built)
        read = {uid for uid in selected if uid.split(".")[0] in ("model", "seed", "snapshot", "source")}
        tests = {uid for uid in selected if uid.split(".")[0] in ("test", "unit_test")}
        buildable = {uid for uid, node in {**nodes, **data.get("unit_tests", {})}.items()
                     if uid.split(".")[0] in ("test", "unit_test") and set(node["depends_on"]["nodes"]) & read
                     and {parent for parent in node["depends_on"]["nodes"] if not parent.startswith("source.")} <= built}
        assert tests == buildable, job


def test_crontab_lines_parse_and_name_every_job():
    result = cli("jobs", "--crontab")
    assert result.exit_code == 0, result.output
    zone, seen = None, {}
    for line in result.output.splitlines():
        if line.startswith("CRON_TZ="):
            zone = line.split("=", 1)[1]
            continue
        if not line.strip() or line.startswith("#") or "=" in line.split(" ", 1)[0]:
            continue
        fields = line.split()
        schedule = " ".join(fields[:5])
        assert croniter.is_valid(schedule), line
        job = fields[fields.index("--job") + 1]
        assert job not in seen, f"{job} twice"
        seen[job] = (schedule, zone)
    expected = {job: (cron, tz) for job, (_, cron, tz) in ORG_JOBS.items()}
    expected.update({"product_daily": ("0 5 * * *", "UTC"), "personalization_daily": ("30 5 * * *", "UTC"),
                     "finance_daily": ("0 4 * * *", "UTC"), "affiliate_daily": ("0 3 * * *", "UTC")})
    assert seen == expected
    # the sales job's next run after midnight in Chicago is at 01:00 there (07:00 UTC in December)
    start = datetime(2026, 12, 2, 0, 0, tzinfo=ZoneInfo("America/Chicago"))
    following = croniter(seen["etl_sales_daily"][0], start).get_next(datetime)
    assert following.isoformat() == "2026-12-02T01:00:00-06:00"


# ----- builds of a job, alerts, the run history -----------------------------------------------------


class _Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.received.append((self.path, json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture()
def hook():
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    _Hook.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Hook.received
    server.shutdown()


@pytest.fixture(scope="module")
def jobs_home(new_home):
    """A server of its own with the orgs fixture loaded now, except the two Zoom tables, whose
    rows were landed on 2026-03-03: past their error_after (50 hours) whenever this runs."""
    warehouse = FixtureWarehouse(new_home("jobs"))
    assert cli("sources", "init", env=warehouse.env).exit_code == 0
    warehouse.load("aiop", FIXTURES / "aiop_orgs.sql")
    for table in ("zoom_meetings", "zoom_phone_calls"):
        warehouse.change_sources(f"update aiop.{table} set _loaded_at = '2026-03-03 06:00+00'")
    return warehouse


def _runs(warehouse) -> list[dict]:
    return warehouse.dicts("select * from runner_log.runs order by started_at")


def _nodes(warehouse, run_id: str) -> dict[str, tuple]:
    rows = warehouse.query("select unique_id, status, failures from runner_log.node_results where run_id = %s", (run_id,))
    return {uid: (status, failures) for uid, status, failures in rows}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_a_job_builds_only_its_selection_and_records_it(jobs_home, warehouse, manifest):
    result = cli("build", "--job", "etl_zoom_metrics", "--vars", json.dumps({"as_of_date": AS_OF}), env=jobs_home.env)
    assert result.exit_code == 0, result.output
    assert "freshness: 19 sources checked" in result.output
    run = _runs(jobs_home)[-1]
    assert (run["command"], run["job"], run["selection"], run["status"], run["exit_code"]) == (
        "build", "etl_zoom_metrics", "--selector etl_zoom_metrics", "success", 0)
    assert str(run["as_of_date"]) == AS_OF and run["ended_at"] >= run["started_at"]
    ran = {uid for uid in _nodes(jobs_home, run["run_id"]) if not uid.startswith("operation.")}
    selected = _selected(warehouse, manifest[0], "etl_zoom_metrics")
    assert ran == {uid for uid in selected if not uid.startswith("source.")}
    checked = dict(jobs_home.query(
        "select table_name, status from runner_log.freshness_checks where run_id = %s", (run["run_id"],)))
    assert len(checked) == 19
    assert {table for table, status in checked.items() if status != "pass"} == {"zoom_meetings", "zoom_phone_calls"}
    assert checked["zoom_meetings"] == "error"
    listed = cli("jobs", env=jobs_home.env)
    assert listed.exit_code == 0, listed.output
    line = next(line for line in listed.output.splitlines() if "etl_zoom_metrics" in line)
    assert "success" in line and "America/New_York" in line and "0 4 * * *" in line


@pytest.mark.slow
def test_an_alert_names_the_failed_nodes_and_the_stale_sources(jobs_home, hook):
    url, received = hook
    jobs_home.change_sources("alter table aiop.zoom_meetings rename to zoom_meetings_away")
    try:
        result = cli("build", "--job", "etl_zoom_metrics", "--notify", f"{url}/services/T0/SECRET",
                     "--vars", json.dumps({"as_of_date": AS_OF}), env=jobs_home.env)
    finally:
        jobs_home.change_sources("alter table aiop.zoom_meetings_away rename to zoom_meetings")
    assert result.exit_code == 1, result.output
    assert len(received) == 1
    path, payload = received[0]
    assert path == "/services/T0/SECRET"
    assert (payload["job"], payload["target"], payload["status"]) == ("etl_zoom_metrics", "embedded", "failed")
    failed = {item["name"]: item for item in payload["failed_nodes"]}
    assert set(failed) == {"stg_aiop__zoom_meetings"}
    assert "zoom_meetings" in failed["stg_aiop__zoom_meetings"]["error"] and "does not exist" in failed["stg_aiop__zoom_meetings"]["error"]
    stale = {item["source"]: item for item in payload["stale_sources"]}
    # the renamed table cannot be checked; the phone calls were landed on 2026-03-03
    assert stale["aiop.zoom_meetings"]["status"] == "runtime error"
    assert stale["aiop.zoom_phone_calls"]["status"] == "error" and stale["aiop.zoom_phone_calls"]["error_after"] == "50 hours"
    assert stale["aiop.zoom_phone_calls"]["age_hours"] > 24 * 200
    assert payload["text"].startswith("warehouse ALERT: job etl_zoom_metrics on target embedded failed")
    assert payload["run_id"] == _runs(jobs_home)[-1]["run_id"]
    password = jobs_home.target().password
    assert password and password not in json.dumps(payload)


@pytest.mark.slow
def test_a_stale_source_alone_raises_an_alert(jobs_home, hook):
    url, received = hook
    result = cli("build", "--job", "etl_zoom_metrics", "--notify", url, "--vars", json.dumps({"as_of_date": AS_OF}),
                 env=jobs_home.env)
    assert result.exit_code == 0, result.output
    assert len(received) == 1
    payload = received[0][1]
    assert payload["status"] == "success" and payload["failed_nodes"] == []
    assert {item["source"] for item in payload["stale_sources"]} == {"aiop.zoom_meetings", "aiop.zoom_phone_calls"}
    assert "but sources are stale" in payload["text"]


@pytest.mark.slow
def test_an_unreachable_alert_url_keeps_the_exit_code(jobs_home):
    port = _closed_port()
    jobs_home.change_sources("alter table aiop.zoom_meetings rename to zoom_meetings_away")
    try:
        result = cli("build", "--job", "etl_zoom_metrics", "--vars", json.dumps({"as_of_date": AS_OF}),
                     env={**jobs_home.env, "RUNNER_NOTIFY_URL": f"http://127.0.0.1:{port}/hooks/SECRET"})
    finally:
        jobs_home.change_sources("alter table aiop.zoom_meetings_away rename to zoom_meetings")
    assert result.exit_code == 1, result.output
    assert f"warning: the alert was not delivered: http://127.0.0.1:{port} could not be reached" in result.stderr
    assert "SECRET" not in result.stderr + result.output


@pytest.mark.slow
def test_builds_leave_their_runs_and_a_killed_build_is_interrupted(jobs_home, project_copy):
    env = {**jobs_home.env, "RUNNER_PROJECT_DIR": str(project_copy), "DBT_TARGET_PATH": str(project_copy / "target")}
    failing = project_copy / "tests" / "ops_always_fails.sql"
    # a singular test that finds the fixture's zoom meetings of org 2 with an end time: m1, m2, m3
    # (m4 has none)
    failing.write_text("select meeting_uuid from {{ ref('stg_aiop__zoom_meetings') }}"
                       " where org_id = 2 and ended_at is not null\n")
    select = ["--select", "stg_aiop__zoom_meetings path:models/staging/ops path:models/marts/ops"]
    first = cli("build", *select, env=env)
    assert first.exit_code == 1, first.output
    failing.unlink()
    second = cli("build", *select, env=env)
    assert second.exit_code == 0, second.output
    runs = _runs(jobs_home)[-2:]
    assert [(run["status"], run["exit_code"]) for run in runs] == [("failed", 1), ("success", 0)]
    first_nodes, second_nodes = (_nodes(jobs_home, run["run_id"]) for run in runs)
    assert first_nodes["model.warehouse.stg_aiop__zoom_meetings"] == ("success", None)
    assert first_nodes["test.warehouse.ops_always_fails"] == ("fail", 3)
    assert "test.warehouse.ops_always_fails" not in second_nodes
    assert second_nodes["model.warehouse.fct_build_runs"] == ("success", None)
    # the marts on top: the failed run's counts and the failing test's rows over time
    built = jobs_home.dicts("select run_status, tests_failed, nodes_failed from marts_ops.fct_build_runs where run_id = %s",
                            (runs[0]["run_id"],))
    assert built == [{"run_status": "failed", "tests_failed": 1, "nodes_failed": 1}]
    failures = jobs_home.query("select test_name, failures, test_status, previous_failures from marts_ops.fct_test_failures"
                               " where run_id = %s order by test_name", (runs[0]["run_id"],))
    # and the warn-level test that counts meetings with no end (m4): 1 row
    # its previous result is the zoom job's that ran before (1 row), not the skipped ones of the
    # builds whose staging model failed
    assert failures == [("not_null_stg_aiop__zoom_meetings_duration_seconds", 1, "warn", 1),
                        ("ops_always_fails", 3, "fail", None)]
    again = jobs_home.query("select failures, previous_failures from marts_ops.fct_test_failures where run_id = %s"
                            " and test_name = 'not_null_stg_aiop__zoom_meetings_duration_seconds'", (runs[1]["run_id"],))
    assert again == [(1, 1)]

    # a build killed while it runs stays `running` until the next build records it interrupted
    process = subprocess.Popen([sys.executable, "-m", "runner", "build", "--select", "stg_aiop__zoom_meetings"],
                               env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    killed = None
    while time.monotonic() < deadline and killed is None:
        rows = jobs_home.query("select run_id from runner_log.runs where status = 'running' and pid = %s", (process.pid,))
        if rows:
            process.send_signal(signal.SIGKILL)
            killed = rows[0][0]
        time.sleep(0.05)
    process.wait(timeout=30)
    assert killed, "the build never recorded its start"
    third = cli("build", *select, env=env)
    assert third.exit_code == 0, third.output
    status = jobs_home.query("select status, ended_at from runner_log.runs where run_id = %s", (killed,))
    assert status == [("interrupted", None)]
    assert jobs_home.query("select run_status from marts_ops.fct_build_runs where run_id = %s", (killed,)) == [("interrupted",)]


@pytest.mark.slow
def test_marts_ops_is_read_by_bi_admin_only(jobs_home):
    with psycopg.connect(**jobs_home.target().conninfo(), autocommit=True) as conn:
        granted = conn.execute(
            "select table_name, grantee from information_schema.role_table_grants"
            " where table_schema = 'marts_ops' and privilege_type = 'SELECT' and grantee like 'bi_%%'"
            " order by 1, 2").fetchall()
    assert granted and {grantee for _, grantee in granted} == {"bi_admin"}
    assert {table for table, _ in granted} >= {"fct_build_runs", "fct_node_runs", "fct_test_failures"}


@pytest.mark.slow
def test_a_build_that_cannot_start_raises_an_alert(jobs_home, hook):
    from runner.db import LOCK_BUILD, LOCK_CLASS

    url, received = hook
    with psycopg.connect(**jobs_home.target().conninfo(), autocommit=True) as holder:
        holder.execute("select pg_advisory_lock(%s, %s)", (LOCK_CLASS, LOCK_BUILD))
        result = cli("build", "--job", "etl_cash_flow", "--notify", url, env=jobs_home.env)
    assert result.exit_code == 2, result.output
    assert "another runner is already writing" in result.stderr
    assert len(received) == 1
    payload = received[0][1]
    assert (payload["job"], payload["status"], payload["run_id"]) == ("etl_cash_flow", "error", None)
    assert payload["error"].startswith("another runner is already writing")
    assert "it could not run: another runner is already writing" in payload["text"]


def test_an_unknown_job_is_one_line():
    result = cli("build", "--job", "etl_zoom")
    assert_one_line_error(result, "no job named 'etl_zoom'", "etl_zoom_metrics")


def test_the_dagster_integration_loads_a_schedule_per_job(manifest, tmp_path):
    """The optional orchestrator: dagster-dbt's assets and one schedule per job, read from
    the same selectors and meta as `runner jobs`."""
    from runner.orchestration import definitions

    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest[1], default=str))
    defs = definitions(path)
    schedules = {schedule.name: schedule for schedule in defs.schedules}
    expected = {f"{job}_schedule": (cron, tz) for job, (_, cron, tz) in ORG_JOBS.items()}
    expected.update({"product_daily_schedule": ("0 5 * * *", "UTC"), "personalization_daily_schedule": ("30 5 * * *", "UTC"),
                     "finance_daily_schedule": ("0 4 * * *", "UTC"), "affiliate_daily_schedule": ("0 3 * * *", "UTC")})
    assert {name: (schedule.cron_schedule, schedule.execution_timezone) for name, schedule in schedules.items()} == expected
    (assets,) = defs.assets
    # every model, seed and snapshot that makes a relation (an ephemeral model is inlined, no asset)
    built = [node for node in manifest[1]["nodes"].values() if node["resource_type"] in ("model", "seed", "snapshot")
             and node["config"]["materialized"] != "ephemeral"]
    assert len(assets.keys) == len(built)

"""Scheduled jobs (the selectors of selectors.yml) and the alerts a failed job sends.

A job is a dbt selector; its marts are the models whose `meta.job` names it, and the same
`meta` holds its schedule (cron, time zone), organizations and owner. `runner jobs` lists
them, `runner jobs --crontab` prints the lines that run them with cron, `runner build --job`
runs one. An alert is one JSON POST (Slack-compatible: it has a `text`) when a build fails
or a source it reads is stale past its error_after.
"""

from __future__ import annotations

import json
import shlex
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from runner.errors import RunnerError

NOTIFY_TIMEOUT_SECONDS = 10
# a job due while another builds queues behind it this long (two jobs are due at 2 AM in Chicago)
CRON_WAIT_SECONDS = 3600
# failed nodes and stale sources named in an alert's text (all of them are in its fields)
TEXT_ITEMS = 5


@dataclass
class Job:
    name: str
    description: str
    schedule: str | None = None
    timezone: str | None = None
    owner: str | None = None
    orgs: list[str] = field(default_factory=list)
    marts: list[str] = field(default_factory=list)


def load_jobs(manifest: dict) -> list[Job]:
    """Every selector of selectors.yml as a job, with the marts whose meta.job names it.

    The schedule, time zone, organizations and owner must agree across a job's marts; a job
    with no mart, or marts that disagree, is a one-line error naming it."""
    jobs: dict[str, Job] = {}
    for name, selector in sorted((manifest.get("selectors") or {}).items()):
        jobs[name] = Job(name=name, description=str(selector.get("description") or ""))
    for node in sorted((manifest.get("nodes") or {}).values(), key=lambda item: item.get("name", "")):
        if node.get("resource_type") != "model" or not str(node.get("original_file_path", "")).startswith("models/marts/"):
            continue
        meta = (node.get("config") or {}).get("meta") or {}
        name = meta.get("job")
        if not name:
            continue
        if name not in jobs:
            raise RunnerError(f"model {node['name']} names job {name}, which selectors.yml does not define",
                              "add the selector, or fix meta.job")
        job = jobs[name]
        seen = (job.schedule, job.timezone, job.owner, job.orgs)
        mine = (str(meta.get("schedule") or ""), str(meta.get("timezone") or "UTC"), meta.get("owner"),
                list(meta.get("orgs") or []))
        if job.marts and seen != mine:
            raise RunnerError(f"the marts of job {name} disagree on its schedule, time zone, owner or orgs"
                              f" ({job.marts[0]} and {node['name']})", "give them the same meta")
        job.schedule, job.timezone, job.owner, job.orgs = mine
        job.marts.append(f"{node['schema']}.{node.get('alias') or node['name']}")
    for job in jobs.values():
        if not job.marts:
            raise RunnerError(f"job {job.name} of selectors.yml has no mart (no model's meta.job names it)",
                              "set meta.job on its marts")
        if not job.schedule:
            raise RunnerError(f"job {job.name} has no schedule", "set meta.schedule (cron) on its marts")
    return list(jobs.values())


def check_job(manifest: dict, name: str) -> None:
    """A job name that is not a selector is a one-line error listing the jobs."""
    known = sorted(manifest.get("selectors") or {})
    if name not in known:
        raise RunnerError(f"no job named '{name}' (jobs: {', '.join(known)})", "`runner jobs` lists them with their marts")


def selectors_in(project: Path) -> dict:
    """The selectors of the project's selectors.yml by name (none when it has no such file)."""
    import yaml

    path = project / "selectors.yml"
    if not path.exists():
        return {}
    return {str(item.get("name")): item for item in (yaml.safe_load(path.read_text()) or {}).get("selectors") or []}


def runner_command() -> str:
    """How cron runs this runner: the console script beside this Python, else `python -m runner`."""
    script = Path(sys.executable).parent / "runner"
    if script.exists():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m runner"


def crontab(jobs: list[Job], project: Path, home: Path) -> str:
    """Crontab lines that run every job at its time in its time zone (CRON_TZ, one block per
    zone), each appending to its own log under RUNNER_HOME/logs/."""
    command = runner_command()
    logs = home / "logs"
    lines = [
        "# the warehouse's jobs (runner jobs --crontab); install with: runner jobs --crontab | crontab -",
        "# CRON_TZ sets the zone of the lines below it (cronie, systemd-cron); where cron ignores it,",
        "# run cron in that zone. Alerts: add RUNNER_NOTIFY_URL=<webhook> as a line of its own here.",
        "SHELL=/bin/sh",
        f"RUNNER_HOME={shlex.quote(str(home))}",
    ]
    for zone in sorted({job.timezone or "UTC" for job in jobs}):
        lines.append(f"CRON_TZ={zone}")
        for job in sorted((job for job in jobs if (job.timezone or "UTC") == zone), key=lambda job: job.name):
            log = shlex.quote(str(logs / f"{job.name}.log"))
            lines.append(f"# {job.name}: {', '.join(job.marts)}")
            lines.append(f"{job.schedule} mkdir -p {shlex.quote(str(logs))} && cd {shlex.quote(str(project))}"
                         f" && {command} build --job {job.name} --wait {CRON_WAIT_SECONDS} >> {log} 2>&1")
    return "\n".join(lines) + "\n"


# ----- alerts --------------------------------------------------------------------------------


def stale_sources(nodes) -> list:
    """The sources of a freshness check past their error_after (or that could not be checked)."""
    return [node for node in nodes if node.resource_type == "source" and node.status in ("error", "runtime error")]


def alert(job: str | None, target, run_id: str | None, status: str, elapsed: float, failed, stale,
          as_of_date: str | None = None, error: str | None = None) -> dict:
    """The JSON of an alert: what failed and what is stale, and a Slack-compatible `text`.
    `error` is why a build could not run at all (no database, the build lock held). It
    names the target, never its host, user or password."""
    failed_nodes = [{"unique_id": node.unique_id, "resource_type": node.resource_type, "name": node.name,
                     "status": node.status, "error": _first_line(node.message)} for node in failed]
    stale_list = [{"source": node.name, "status": node.status, "message": _first_line(node.message),
                   "age_hours": round(float((node.details or {}).get("age_seconds") or 0) / 3600, 1),
                   "error_after": (node.details or {}).get("error_after")} for node in stale]
    subject = f"job {job}" if job else "build"
    parts = []
    if status != "success":
        parts.append(f"{subject} on target {target.name} {status} after {elapsed:.1f}s")
    else:
        parts.append(f"{subject} on target {target.name} succeeded after {elapsed:.1f}s, but sources are stale")
    if error:
        parts.append(f"it could not run: {error}")
    if failed_nodes:
        named = "; ".join(f"{item['resource_type']} {item['name']}: {item['error']}" for item in failed_nodes[:TEXT_ITEMS])
        more = f" and {len(failed_nodes) - TEXT_ITEMS} more" if len(failed_nodes) > TEXT_ITEMS else ""
        parts.append(f"{len(failed_nodes)} failed: {named}{more}")
    if stale_list:
        named = "; ".join(f"{item['source']} ({item['message']})" for item in stale_list[:TEXT_ITEMS])
        more = f" and {len(stale_list) - TEXT_ITEMS} more" if len(stale_list) > TEXT_ITEMS else ""
        parts.append(f"{len(stale_list)} stale past error_after: {named}{more}")
    return {
        "job": job,
        "target": target.name,
        "engine": target.engine,
        "run_id": run_id,
        "as_of_date": as_of_date,
        "status": status,
        "duration_seconds": round(elapsed, 1),
        "failed_nodes": failed_nodes,
        "stale_sources": stale_list,
        "error": error,
        "text": ("warehouse: " if status == "success" else "warehouse ALERT: ") + ". ".join(parts),
    }


def notify(url: str, payload: dict) -> str | None:
    """POST the alert; returns why it could not be delivered (None when it was). The reason
    names the URL's scheme and host only: a webhook's path is its secret."""
    parsed = urllib.parse.urlsplit(url)
    where = f"{parsed.scheme}://{parsed.netloc}" if parsed.netloc else "the URL"
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return f"{where} is not an http(s) URL"
    request = urllib.request.Request(url, data=json.dumps(payload, default=str).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "User-Agent": "warehouse-runner"})
    try:
        with urllib.request.urlopen(request, timeout=NOTIFY_TIMEOUT_SECONDS) as response:
            if response.status >= 300:
                return f"{where} answered {response.status}"
    except urllib.error.HTTPError as exc:
        return f"{where} answered {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"{where} could not be reached ({reason})"
    return None


def _first_line(message: str) -> str:
    from runner.dbt import message_line

    return message_line(message)[:300]

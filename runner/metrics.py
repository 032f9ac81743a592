"""`runner metrics`: the semantic layer's metrics through MetricFlow's own CLI (`mf`).

MetricFlow reads three things: the dbt project's dbt_project.yml, a profiles.yml whose
default target is the warehouse to query, and `target/semantic_manifest.json` under the
project directory (always there: it ignores DBT_TARGET_PATH), and it picks the profile's
default target (it ignores --target and DBT_TARGET). So each command:

  1. parses the project on the command's target (runner.dbt.parse), which writes
     semantic_manifest.json to the runner's target path, checked as dbt checks it;
  2. lays out a private working folder (mode 0700, deleted afterwards) holding a link to
     dbt_project.yml, a copy of the semantic manifest in target/, and a profiles.yml with
     only the `warehouse` profile's output for this target, made its default;
  3. runs `mf` there (DBT_PROJECT_DIR and DBT_PROFILES_DIR point at the folder; the working
     directory stays the user's, where a relative DuckDB path is resolved) and turns its
     output into a table, or its error into one line (exit 2).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from rich.console import Console

from runner import dbt
from runner.config import PROFILE_NAME, Target, target_path
from runner.errors import RunnerError

SEMANTIC_MANIFEST = "semantic_manifest.json"
# MetricFlow's CLI entry point, run with this interpreter: the same venv, and its PyPI update
# check (one HTTP request per command, and a banner on stdout) turned off
MF_ENTRY = (
    "import sys, update_checker\n"
    "update_checker.UpdateChecker.check = lambda *args, **kwargs: None\n"
    "from dbt_metricflow.cli.main import cli\n"
    "sys.exit(cli(prog_name='mf'))\n"
)
HINT_LIST = "runner metrics list shows every metric and the dimensions it can be grouped by"


@dataclass
class MetricInfo:
    name: str
    type: str
    label: str
    description: str
    dimensions: list[str]


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[str]]


def _metricflow_installed() -> None:
    try:
        import importlib.util

        found = importlib.util.find_spec("dbt_metricflow") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise RunnerError("MetricFlow (dbt-metricflow) is not installed", "pip install -e .")


class _Workspace:
    """The private folder MetricFlow runs in (see the module docstring)."""

    def __init__(self, target: Target, project: Path, manifest: Path):
        self.target = target
        self.project = project
        self.manifest = manifest
        self.dir: Path | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None

    def __enter__(self) -> "_Workspace":
        self._tmp = tempfile.TemporaryDirectory(prefix="runner-mf-")
        self.dir = Path(self._tmp.name)
        self.dir.chmod(0o700)
        (self.dir / "dbt_project.yml").symlink_to(self.project / "dbt_project.yml")
        (self.dir / "target").mkdir()
        shutil.copyfile(self.manifest, self.dir / "target" / SEMANTIC_MANIFEST)
        profile = self.dir / "profiles.yml"
        profile.touch(mode=0o600)
        profile.write_text(yaml.safe_dump(_profile_for(self.target), sort_keys=False))
        return self

    def __exit__(self, *exc) -> bool:
        if self._tmp is not None:
            self._tmp.cleanup()
        return False

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        assert self.dir is not None
        env["DBT_PROJECT_DIR"] = str(self.dir)
        env["DBT_PROFILES_DIR"] = str(self.dir)
        env["DBT_TARGET"] = self.target.name
        # MetricFlow reads the manifest from the workspace's target/ (its log file goes to its
        # logs/, or DBT_LOG_PATH), never from the runner's target path
        env.pop("DBT_TARGET_PATH", None)
        env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        return env

    def run(self, args: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", MF_ENTRY, *args],
            env=self.env(), capture_output=True, text=True, check=False,
        )


def _profile_for(target: Target) -> dict:
    """The `warehouse` profile with only this target's output (as written, env_var() calls
    and all: MetricFlow renders it with the same environment), made the default target."""
    path = Path(target.profiles_dir) / "profiles.yml"
    try:
        raw = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RunnerError(f"cannot read {path}: {dbt.first_line(exc)}", "fix its YAML") from exc
    profile = raw.get(PROFILE_NAME) if isinstance(raw, dict) else None
    outputs = (profile or {}).get("outputs") or {}
    if target.name not in outputs:
        raise RunnerError(f"{path} has no target '{target.name}' in profile '{PROFILE_NAME}'", "see profiles.yml.example")
    profile_dict = {"target": target.name, "outputs": {target.name: outputs[target.name]}}
    document: dict = {PROFILE_NAME: profile_dict}
    if isinstance(raw, dict) and "config" in raw:
        document["config"] = raw["config"]
    return document


def _semantic_manifest(target: Target, project: Path) -> Path:
    """Parse the project on the target: dbt writes (and validates) the semantic manifest."""
    dbt.parse(target, project)
    path = target_path(project) / SEMANTIC_MANIFEST
    if not path.is_file():
        raise RunnerError(f"dbt parse wrote no {SEMANTIC_MANIFEST} in {path.parent}", "run `runner check --no-build` to see why")
    return path


def mf_error(output: str) -> str:
    """MetricFlow's error in one line: the first paragraph of its message, and the input it
    could not resolve when it names one (a metric, a dimension, a filter)."""
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("ERROR:")), None)
    if start is None:
        kept = [line.strip() for line in lines if line.strip()]
        return kept[-1] if kept else "mf failed without a message"
    body = [lines[start][len("ERROR:"):]]
    for line in lines[start + 1:]:
        if line.strip().startswith(("Log File", "Log file", "Artifact Path", "If you think you found a bug")):
            break
        body.append(line)
    message = _paragraph(body, "Message:")
    if message is None:  # no structured message (a database error): its first two lines
        texts = [line.strip() for line in body if line.strip()]
        message = ": ".join(texts[:2]) if texts else "mf failed without a message"
    asked = _paragraph(body, "Object Builder Input:") or _paragraph(body, "Query Input:")
    if asked and asked not in message:
        message = f"{message} (in: {asked})"
    return message


def _paragraph(body: list[str], label: str) -> str | None:
    """The first paragraph after a line that says `label`, joined into one line."""
    for index, line in enumerate(body):
        if line.strip() != label:
            continue
        words: list[str] = []
        for following in body[index + 1:]:
            if not following.strip():
                if words:
                    break
                continue
            words.append(following.strip())
        text = " ".join(words).split(" Common issues are")[0].strip()
        return text or None
    return None


def _run(workspace: _Workspace, args: list[str], what: str) -> subprocess.CompletedProcess:
    done = workspace.run(args)
    if done.returncode != 0 or "\nERROR:" in f"\n{done.stdout}":
        reason = mf_error(done.stdout + "\n" + done.stderr)
        hint = HINT_LIST
        if "does not exist" in reason:
            hint = "build the marts first (runner build); the metrics read the target's built tables"
        raise RunnerError(f"MetricFlow could not {what}: {reason}", hint)
    return done


def list_metrics(target: Target, project: Path) -> list[MetricInfo]:
    """Every metric with its type, label, description and the dimensions it can be grouped by."""
    import json

    _metricflow_installed()
    manifest = _semantic_manifest(target, project)
    declared = {item["name"]: item for item in json.loads(manifest.read_text()).get("metrics", [])}
    with _Workspace(target, project, manifest) as workspace:
        done = _run(workspace, ["list", "metrics", "--show-all-dimensions"], "list the metrics")
    found: list[MetricInfo] = []
    for line in done.stdout.splitlines():
        if not line.startswith("• "):
            continue
        name, _, dims = line[2:].partition(":")
        name = name.strip()
        item = declared.get(name, {})
        found.append(MetricInfo(
            name=name,
            type=str(item.get("type") or ""),
            label=str(item.get("label") or ""),
            description=" ".join(str(item.get("description") or "").split()),
            dimensions=[d.strip() for d in dims.split(",") if d.strip()],
        ))
    return found


def query(
    target: Target,
    project: Path,
    metrics: list[str],
    group_by: list[str] = (),
    where: list[str] = (),
    order: list[str] = (),
    limit: int | None = None,
    start_time: str | None = None,
    end_time: str | None = None,
) -> QueryResult:
    """`mf query`: the metrics grouped by the dimensions, as text columns and rows."""
    if not metrics:
        raise RunnerError("--metrics names no metric", HINT_LIST)
    if limit is not None and limit < 0:
        raise RunnerError(f"--limit must be 0 or more, got {limit}", "e.g. --limit 100")
    _metricflow_installed()
    manifest = _semantic_manifest(target, project)
    with _Workspace(target, project, manifest) as workspace:
        assert workspace.dir is not None
        out = workspace.dir / "result.csv"
        args = ["query", "--quiet", "--metrics", ",".join(metrics), "--csv", str(out)]
        if group_by:
            args += ["--group-by", ",".join(group_by)]
        for condition in where:
            args += ["--where", condition]
        # by the group-by items unless told otherwise: periods in time order
        if order or group_by:
            args += ["--order", ",".join(order or group_by)]
        if limit is not None:
            args += ["--limit", str(limit)]
        if start_time:
            args += ["--start-time", start_time]
        if end_time:
            args += ["--end-time", end_time]
        _run(workspace, args, "run the query")
        if not out.is_file():  # MetricFlow writes no file for an empty result
            return QueryResult(columns=[], rows=[])
        with out.open(newline="") as handle:
            reader = csv.reader(handle)
            columns = next(reader, [])
            # MetricFlow's periods are midnight timestamps: a period is its first day
            rows = [[_midnight_as_date(value) for value in row] for row in reader]
    return QueryResult(columns=columns, rows=rows)


def _midnight_as_date(value: str) -> str:
    if len(value) == 19 and value.endswith(" 00:00:00") and value[4] == "-" and value[7] == "-":
        return value[:10]
    return value


def explain(
    target: Target, project: Path, metrics: list[str], group_by: list[str] = (), where: list[str] = (),
    order: list[str] = (), limit: int | None = None,
) -> str:
    """The SQL MetricFlow would run for the query."""
    _metricflow_installed()
    manifest = _semantic_manifest(target, project)
    with _Workspace(target, project, manifest) as workspace:
        args = ["query", "--quiet", "--explain", "--metrics", ",".join(metrics)]
        if group_by:
            args += ["--group-by", ",".join(group_by)]
        for condition in where:
            args += ["--where", condition]
        if order:
            args += ["--order", ",".join(order)]
        if limit is not None:
            args += ["--limit", str(limit)]
        done = _run(workspace, args, "explain the query")
    return done.stdout.strip()


def print_metrics(found: list[MetricInfo], out: Console, dimensions: bool = False) -> None:
    """One line per metric: its name, type and description (or the dimensions it can be grouped by)."""
    name_width = max([len(metric.name) for metric in found] + [6])
    type_width = max([len(metric.type) for metric in found] + [4])
    for metric in found:
        detail = ", ".join(metric.dimensions) if dimensions else metric.description
        out.print(f"{metric.name.ljust(name_width)}  {metric.type.ljust(type_width)}  {detail}".rstrip())
    out.print(f"({len(found)} metrics; group by metric_time__day, __week, __month, __quarter or __year and the"
              " dimensions `runner metrics list --dimensions` shows)")


def print_result(result: QueryResult, out: Console, metrics: list[str] = ()) -> None:
    """The rows as a plain aligned table (nothing cut or wrapped): dimensions left, metrics right."""
    if not result.columns:
        out.print("no rows")
        return
    widths = [max([len(column)] + [len(row[i]) for row in result.rows]) for i, column in enumerate(result.columns)]

    def line(values: list[str]) -> str:
        cells = [value.rjust(width) if column in metrics else value.ljust(width)
                 for value, width, column in zip(values, widths, result.columns)]
        return "  ".join(cells).rstrip()

    out.print(line(result.columns))
    out.print(line(["-" * width for width in widths]))
    for row in result.rows:
        out.print(line(row))
    out.print(f"({len(result.rows)} rows)")


def write_csv(result: QueryResult, path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(result.columns)
        writer.writerows(result.rows)

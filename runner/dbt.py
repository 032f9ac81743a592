"""The only module that imports dbt: one invocation at a time, seen through its events.

`invoke()` runs one dbt command in-process (dbtRunner), prints one progress line per node
as dbt finishes it, and returns an Outcome whose `exit_code` is the runner's contract:
0 all passed, 1 a model or test failed, 2 dbt could not run at all.
"""

from __future__ import annotations

import json
import os
import re
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table

from runner.config import PROFILE_NAME, Target
from runner.engines import ENGINES
from runner.errors import RunnerError

# an exposure is a node of a build with nothing to run: dbt reports it as no-op
PASSED = {"success", "pass", "no-op"}
# lines the project's macros log for the person running the build (macros/incremental/)
ANNOUNCED = ("rebuilding ",)
WARNED = {"warn"}
FAILED = {"error", "fail", "runtime error"}
SKIPPED = {"skipped"}
# the var test_scope: `window` tests only the rows each incremental model wrote in this build,
# `all` every row (runner build --full-tests, --full-refresh, runner demo)
TEST_SCOPES = ("window", "all")


@dataclass
class NodeResult:
    unique_id: str
    resource_type: str
    name: str
    status: str
    seconds: float
    message: str = ""
    # for the run history (runner.runlog): rows a model wrote, rows a test found, and a
    # source's freshness (max_loaded_at, age_seconds, warn_after, error_after)
    rows_affected: int | None = None
    failures: int | None = None
    details: dict | None = None


# what PostgreSQL and libpq say when the server goes away under a running build
CONNECTION_LOST = (
    "server closed the connection unexpectedly",
    "terminating connection due to administrator command",
    "connection to server at",
    "the database system is shutting down",
    "the database system is starting up",
    "SSL connection has been closed unexpectedly",
    "connection already closed",
    "could not receive data from server",
)


@dataclass
class Outcome:
    command: str
    nodes: list[NodeResult] = field(default_factory=list)
    elapsed: float = 0.0
    crash: str | None = None
    success: bool = True
    interrupted: bool = False

    @property
    def failed(self) -> list[NodeResult]:
        return [node for node in self.nodes if node.status in FAILED]

    @property
    def connection_lost(self) -> bool:
        texts = [node.message for node in self.failed] + [self.crash or ""]
        return any(pattern in text for text in texts for pattern in CONNECTION_LOST)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        if self.crash or self.connection_lost:
            return 2
        if self.failed or not self.success:
            return 1
        return 0


def render_target(profiles_dir: Path, target_name: str) -> tuple[dict, str | None]:
    """The rendered credentials of one target of the `warehouse` profile (env vars resolved),
    and the env var its password is read from, if it reads one."""
    from dbt.config.profile import Profile, read_profile
    from dbt.config.renderer import ProfileRenderer
    from dbt.exceptions import DbtProfileError, DbtRuntimeError
    from dbt_common.context import set_invocation_context

    set_invocation_context(os.environ)
    try:
        raw = read_profile(str(profiles_dir))
    except DbtRuntimeError as exc:
        raise RunnerError(f"cannot read {profiles_dir / 'profiles.yml'}: {_first_line(exc)}", "fix its YAML") from exc
    if PROFILE_NAME not in raw:
        raise RunnerError(
            f"{profiles_dir / 'profiles.yml'} has no profile named '{PROFILE_NAME}'",
            "see profiles.yml.example",
        )
    outputs = (raw[PROFILE_NAME] or {}).get("outputs") or {}
    if target_name not in outputs:
        known = ", ".join(sorted(outputs)) or "none"
        raise RunnerError(
            f"unknown target '{target_name}' in {profiles_dir / 'profiles.yml'} (known: {known})",
            "pass one of those to --target, or drop --target to use the embedded database",
        )
    try:
        _, data = Profile.render_profile(raw[PROFILE_NAME], PROFILE_NAME, target_name, ProfileRenderer({}))
    except (DbtProfileError, DbtRuntimeError) as exc:
        raise RunnerError(
            f"target '{target_name}' cannot be rendered: {_first_line(exc)}",
            "set the env vars its profile reads",
        ) from exc
    if data.get("type") not in ENGINES:
        raise RunnerError(
            f"target '{target_name}' is of type {data.get('type')}; the warehouse runs on {' or '.join(ENGINES)}",
            "see profiles.yml.example",
        )
    raw_password = str(outputs[target_name].get("password") or outputs[target_name].get("pass") or "")
    named = re.search(r"env_var\(\s*['\"]([^'\"]+)['\"]", raw_password)
    return data, (named.group(1) if named else None)


def merge_vars(user_vars: str | None, extra: dict | None = None, project: Path | None = None) -> str | None:
    """Merge the user's --vars (YAML) with vars the runner sets; dbt gets one JSON object.

    Every var is checked before dbt runs (vars.check_vars): an unknown name or a bad value is
    one line naming it and what is accepted, never a traceback from deep inside dbt.
    """
    from runner.vars import check_vars

    merged: dict = {}
    if user_vars:
        try:
            # YAML reads 2026-06-30 as a date and 2026-13-45 as an error: keep every scalar text
            parsed = yaml.load(user_vars, Loader=_TextScalarLoader)
        except yaml.YAMLError as exc:
            raise RunnerError(f"--vars is not valid YAML: {_first_line(exc)}", "e.g. --vars '{as_of_date: 2026-06-30}'") from exc
        if not isinstance(parsed, dict):
            raise RunnerError("--vars must be a mapping", "e.g. --vars '{as_of_date: 2026-06-30}'")
        merged.update(check_vars(parsed, project))
        scope = merged.get("test_scope")
        if scope is not None and str(scope) not in TEST_SCOPES:
            raise RunnerError(f"--vars test_scope: '{scope}' is not one of {', '.join(TEST_SCOPES)}",
                              "e.g. --vars '{test_scope: all}', or runner build --full-tests")
    # the runner's own vars (test_scope, the demo's as_of_date): what the user gave wins
    for key, value in (extra or {}).items():
        merged.setdefault(key, value)
    if not merged:
        return None
    return json.dumps(merged, default=str)


class _TextScalarLoader(yaml.SafeLoader):
    """A safe YAML loader that keeps dates and timestamps as the text they were written as."""


_TextScalarLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def target_vars(target: Target, dbt_vars: str | None) -> str | None:
    """The vars of an invocation with what the target's profile adds: a profile that says
    `tenant_isolation: none` passes the dbt var `tenant_isolation: none` (a --vars that says
    otherwise on such a target is an error, not silently overridden)."""
    if target.tenant_isolation != "none":
        return dbt_vars
    values = (yaml.safe_load(dbt_vars) if dbt_vars else None) or {}
    given = values.get("tenant_isolation", "none")
    if str(given) != "none":
        raise RunnerError(
            f"--vars tenant_isolation: {given} contradicts target {target.name}, whose profile says tenant_isolation: none",
            "drop tenant_isolation from --vars, or use a target whose profile enforces it",
        )
    values["tenant_isolation"] = "none"
    return json.dumps(values, default=str)


def _args(command: list[str], target: Target, project: Path, dbt_vars: str | None) -> list[str]:
    dbt_vars = target_vars(target, dbt_vars)
    args = [
        *command,
        "--project-dir", str(project),
        "--profiles-dir", str(target.profiles_dir),
        "--target", target.name,
        "--log-level", "none",
        "--no-use-colors",
    ]
    if dbt_vars:
        args += ["--vars", dbt_vars]
    return args


def check_selection(
    select: tuple[str, ...], target: Target, project: Path, dbt_vars: str | None = None,
    resource_types: tuple[str, ...] = (), option: str = "--select",
):
    """Parse the project once and check that every selection criterion matches a node.

    A criterion that matches nothing (a typo in a CI job's selection) is an error, exit 2,
    before anything runs. Returns the parsed manifest, for the invocation that follows.
    """
    from dbt.cli.main import dbtRunner

    parsed = dbtRunner().invoke(_args(["parse"], target, project, dbt_vars))
    if not parsed.success or parsed.result is None:
        raise RunnerError(f"dbt could not parse the project: {_first_line(parsed.exception or 'see dbt parse')}",
                          "run `runner check --no-build` to see why")
    unmatched: list[str] = []

    def listen(event) -> None:
        if event.info.name == "NoNodesForSelectionCriteria":
            unmatched.append(event.data.spec_raw)

    command = ["ls", "--select", *select, "--output", "name", "--quiet"]
    for resource_type in resource_types:
        command += ["--resource-type", resource_type]
    listed = dbtRunner(manifest=parsed.result, callbacks=[listen]).invoke(_args(command, target, project, dbt_vars))
    if unmatched or (listed.success and not listed.result):
        spec = unmatched[0] if unmatched else " ".join(select)
        raise RunnerError(
            f"{option} '{spec}' matches no node",
            "check the spelling; `dbt ls --select ...` lists what a selection matches",
        )
    return parsed.result


def parse(target: Target, project: Path, dbt_vars: str | None = None):
    """Parse the project with the build's vars; the manifest, for the invocation that follows."""
    from dbt.cli.main import dbtRunner

    parsed = dbtRunner().invoke(_args(["parse"], target, project, dbt_vars))
    if not parsed.success or parsed.result is None:
        raise RunnerError(f"dbt could not parse the project: {_first_line(parsed.exception or 'see dbt parse')}",
                          "run `runner check --no-build` to see why")
    return parsed.result


def manifest_json(manifest) -> dict:
    """A parsed manifest as the JSON of target/manifest.json (plain dicts and lists)."""
    return manifest.writable_manifest().to_dict(omit_none=False)


def profile_threads(target: Target) -> int | None:
    """The threads the target's profile sets; None for the embedded database, whose profile
    the runner writes itself."""
    if target.embedded:
        return None
    data, _ = render_target(target.profiles_dir, target.name)
    threads = data.get("threads")
    try:
        return int(threads) if threads is not None else None
    except (TypeError, ValueError):
        return None


class _session_options:
    """PGOPTIONS for the connections dbt opens during one invocation, restored after (the
    server's own settings stay as they are for everyone else)."""

    def __init__(self, options: str):
        self.options = options
        self.saved: str | None = None

    def __enter__(self):
        if self.options:
            self.saved = os.environ.get("PGOPTIONS")
            # the user's own PGOPTIONS come last, so they win
            os.environ["PGOPTIONS"] = " ".join(part for part in (self.options, self.saved) if part)
        return self

    def __exit__(self, *exc):
        if self.options:
            if self.saved is None:
                os.environ.pop("PGOPTIONS", None)
            else:
                os.environ["PGOPTIONS"] = self.saved
        return False


def invoke(
    command: list[str],
    target: Target,
    project: Path,
    dbt_vars: str | None = None,
    progress: bool = True,
    console: Console | None = None,
    manifest=None,
    settings=None,
) -> Outcome:
    """Run one dbt command against a target and report it node by node (with a manifest
    from check_selection or parse, dbt does not parse the project again). `settings`
    (runner.settings.Settings) sets dbt's threads and, for this invocation's connections
    only, the PostgreSQL session settings."""
    from dbt.cli.main import dbtRunner

    console = console or Console(highlight=False, soft_wrap=True, markup=False)
    outcome = Outcome(command=command[0])
    printer = _Progress(console, outcome) if progress else None
    if settings is not None:
        command = [*command, "--threads", str(settings.threads)]
    args = _args(command, target, project, dbt_vars)
    options = settings.pgoptions if settings is not None and target.engine == "postgres" else ""
    started = time.monotonic()
    with _interruptible(outcome), _session_options(options):
        try:
            result = dbtRunner(manifest=manifest, callbacks=[printer] if printer else []).invoke(args)
        except Exception as exc:  # dbt raised past its own handling: it could not run
            outcome.crash = _brief(exc)
            outcome.elapsed = time.monotonic() - started
            return outcome
        finally:
            if target.engine == "duckdb":  # dbt-duckdb keeps the file open past the invocation
                from runner.engines.duckdb import release_dbt_connections

                release_dbt_connections()
    outcome.elapsed = time.monotonic() - started
    if isinstance(result.exception, KeyboardInterrupt):
        outcome.interrupted = True
    outcome.success = bool(result.success)
    if result.exception is not None:
        outcome.crash = _brief(result.exception)
    run_results = getattr(getattr(result, "result", None), "results", None)
    if run_results is not None:
        # run-operation's results carry no node
        outcome.nodes = [_node_result(item) for item in run_results if hasattr(item, "node")]
    return outcome


class _Interrupt:
    """Ctrl-C during a dbt invocation: the first cancels the build (dbt cancels its queries
    and every open transaction rolls back); a second one stops the process at once."""

    def __init__(self, outcome: Outcome):
        self.outcome = outcome

    def __call__(self, signum, frame):
        if self.outcome.interrupted:
            os._exit(130)
        self.outcome.interrupted = True
        raise KeyboardInterrupt


class _interruptible:
    def __init__(self, outcome: Outcome):
        self.outcome = outcome
        self.previous = None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, _Interrupt(self.outcome))
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
        if exc[0] is KeyboardInterrupt:
            self.outcome.interrupted = True
            return True
        return False


def print_summary(outcome: Outcome, console: Console | None = None, slowest: int = 5) -> None:
    """The end-of-run table: nodes by type and status, the slowest nodes, elapsed time."""
    console = console or Console(highlight=False, soft_wrap=True, markup=False)
    if outcome.interrupted:
        console.print(
            f"dbt {outcome.command} interrupted after {outcome.elapsed:.1f}s: what was in flight rolled back,"
            " so every mart is at its last complete version; run the command again to finish"
        )
        return
    if outcome.connection_lost:
        console.print(
            f"dbt {outcome.command} lost its connection to the database (the server restarted or went away):"
            " unfinished models rolled back and keep their last complete version; run the command again"
        )
        return
    if outcome.crash:
        console.print(f"dbt {outcome.command} could not run: {outcome.crash}")
        return
    counts: dict[str, dict[str, int]] = {}
    for node in outcome.nodes:
        row = counts.setdefault(node.resource_type, {"ok": 0, "warn": 0, "failed": 0, "skipped": 0})
        row[_bucket(node.status)] += 1
    table = Table(title=f"dbt {outcome.command}: {len(outcome.nodes)} nodes in {outcome.elapsed:.1f}s")
    for column in ("resource", "ok", "warn", "failed", "skipped"):
        table.add_column(column, justify="left" if column == "resource" else "right")
    for resource in sorted(counts):
        row = counts[resource]
        table.add_row(resource, *(str(row[key]) for key in ("ok", "warn", "failed", "skipped")))
    console.print(table)
    timed = sorted(outcome.nodes, key=lambda node: node.seconds, reverse=True)[:slowest]
    if timed:
        slow = Table(title="slowest nodes")
        slow.add_column("node", no_wrap=True, overflow="ellipsis", max_width=64)
        slow.add_column("seconds", justify="right")
        for node in timed:
            slow.add_row(f"{node.resource_type} {node.name}", f"{node.seconds:.2f}")
        console.print(slow)
    for node in outcome.failed:
        console.print(f"FAILED {node.resource_type} {node.name}: {_failure(node.message)}")
    warned = [node for node in outcome.nodes if node.status in WARNED]
    if any(node.resource_type == "test" for node in warned):
        console.print(
            "data-quality warnings (warn-level tests that count dirty source rows: the rows are kept and"
            " flagged, never dropped; the demo data has such rows on purpose):"
        )
    for node in warned:
        console.print(f"warn   {node.resource_type} {node.name}: {_first_line(node.message)}")


class _Progress:
    """A dbt event callback that prints one line per finished node."""

    def __init__(self, console: Console, outcome: Outcome):
        self.console = console
        self.outcome = outcome
        self.total = 0
        self.done = 0
        self.seen: set[str] = set()

    def __call__(self, event) -> None:
        name = event.info.name
        if name == "LogStartLine":
            self.total = max(self.total, int(event.data.total))
        elif name == "NodeFinished":
            info = event.data.node_info
            if info.materialized == "ephemeral":  # compiled into its readers, not run: not counted
                return
            result = event.data.run_result
            self._line(info.unique_id, info.resource_type, info.node_name, result.status, result.execution_time)
        elif name == "JinjaLogInfo" and event.data.msg.startswith(ANNOUNCED):
            # what the project's macros announce (an incremental model rebuilt in full, and why)
            self.console.print(event.data.msg)
        elif name == "SkippingDetails":
            data = event.data
            unique_id = getattr(getattr(data, "node_info", None), "unique_id", "") or f"{data.resource_type}.{data.node_name}"
            self._line(unique_id, data.resource_type, data.node_name, "skipped", 0.0)

    def _line(self, unique_id: str, resource_type: str, node_name: str, status: str, seconds: float) -> None:
        if unique_id in self.seen:
            return
        self.seen.add(unique_id)
        self.done += 1
        width = len(str(self.total)) if self.total else 3
        counter = f"{self.done:>{width}}/{self.total}" if self.total else f"{self.done:>3}"
        label = {"success": "ok", "pass": "ok"}.get(status, status)
        self.console.print(f"{counter} {label:<7} {resource_type:<9} {node_name} ({seconds:.2f}s)")


def _node_result(item) -> NodeResult:
    node = item.node
    status = str(getattr(item.status, "value", item.status))
    message = str(getattr(item, "message", "") or "")
    resource_type = str(getattr(node.resource_type, "value", node.resource_type))
    details = None
    if resource_type == "source" and getattr(item, "max_loaded_at", None) is not None:
        message = _freshness(item)
        details = {"max_loaded_at": item.max_loaded_at, "age_seconds": float(item.age), **_limits(item)}
    response = getattr(item, "adapter_response", None) or {}
    rows = response.get("rows_affected") if isinstance(response, dict) else None
    failures = getattr(item, "failures", None)
    return NodeResult(
        unique_id=node.unique_id,
        resource_type=resource_type,
        name=f"{node.source_name}.{node.name}" if resource_type == "source" else node.name,
        status=status,
        seconds=float(getattr(item, "execution_time", 0.0) or 0.0),
        message=message,
        rows_affected=int(rows) if isinstance(rows, int) and rows >= 0 else None,
        failures=int(failures) if isinstance(failures, int) else None,
        details=details,
    )


def _limits(item) -> dict[str, str]:
    """A source's freshness thresholds in words: {'warn_after': '12 hours', ...}."""
    freshness = getattr(item.node, "freshness", None)
    limits = {}
    for label, rule in (("warn_after", getattr(freshness, "warn_after", None)),
                        ("error_after", getattr(freshness, "error_after", None))):
        if rule is not None and rule.count is not None and rule.period is not None:
            period = str(getattr(rule.period, "value", rule.period))
            limits[label] = f"{rule.count} {period if rule.count == 1 else period + 's'}"
    return limits


def _freshness(item) -> str:
    """A source's freshness in words: its latest load, its age and the thresholds."""
    limits = [f"{label.replace('_', ' ')} {value}" for label, value in _limits(item).items()]
    age = float(item.age)
    return (f"latest load {item.max_loaded_at:%Y-%m-%d %H:%M %Z}".rstrip()
            + f", {_duration(age)} old" + (f" ({', '.join(limits)})" if limits else ""))


def _duration(seconds: float) -> str:
    if seconds < 0:
        return "0 minutes"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} hours"
    return f"{seconds / 86400:.1f} days"


def _bucket(status: str) -> str:
    if status in PASSED:
        return "ok"
    if status in WARNED:
        return "warn"
    if status in SKIPPED:
        return "skipped"
    return "failed"


def _brief(value: object, lines: int = 8) -> str:
    """dbt's own error text, without blank lines, cut to a few lines."""
    kept = [line.rstrip() for line in str(value).splitlines() if line.strip()]
    text = "\n  ".join(kept[:lines])
    return text + ("\n  ..." if len(kept) > lines else "")


def _failure(message: str) -> str:
    """A node's failure in one line: dbt's headline plus the database's own words."""
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    kept = [line for line in lines if not line.startswith(("compiled code at", "See test failures"))]
    return " | ".join(kept[:3])


def message_line(message: object) -> str:
    """A node's message in one line, in the database's own words: dbt's headline ("Database
    Error in model x (path)") gives way to the line after it. A database's DETAIL lines, which
    may quote a row's values, are never kept (the run history and the alerts use this)."""
    lines = [line.strip() for line in str(message or "").splitlines() if line.strip()]
    if not lines:
        return ""
    if len(lines) > 1 and re.match(r"^[A-Za-z ]*Error( in .*)?$", lines[0]):
        return lines[1]
    return lines[0]


def first_line(value: object) -> str:
    """The first meaningful line of an error (dbt's class-name headline joined to its text)."""
    return _first_line(value)


def _first_line(value: object) -> str:
    lines = [line.strip() for line in str(value).splitlines() if line.strip()]
    # dbt prefixes its messages with a class name line ("Runtime Error", "Compilation Error")
    if len(lines) > 1 and lines[0].endswith("Error"):
        return f"{lines[0]}: {lines[1]}"
    return lines[0] if lines else ""

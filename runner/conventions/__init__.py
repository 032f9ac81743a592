"""The conventions gate: dbt-bouncer over target/manifest.json with the project's rules.

The rules are in pyproject.toml under [tool.dbt-bouncer]; the project's own checks are in
runner/conventions/checks/manifest/. dbt-bouncer comes with the `dev` extra.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from rich.console import Console

from runner.errors import RunnerError


def check_conventions(project: Path, out: Console, artifacts_dir: Path | None = None) -> int:
    """0 when every rule holds, 1 with each broken rule listed."""
    executable = shutil.which("dbt-bouncer") or str(Path(sys.executable).parent / "dbt-bouncer")
    if not Path(executable).exists():
        raise RunnerError("dbt-bouncer is not installed (the conventions checker)", "pip install -e '.[dev]'")
    manifest = (artifacts_dir or project / "target") / "manifest.json"
    if not manifest.exists():
        raise RunnerError(f"{manifest} is missing", "run `runner check` (it parses the project first)")
    # the rules as configured, pointed at this run's artifacts (dbt's target path may be moved)
    config = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["dbt-bouncer"]
    config["dbt_artifacts_dir"] = str(manifest.parent)
    config["custom_checks_dir"] = str(project / config.get("custom_checks_dir", "runner/conventions/checks"))
    with tempfile.TemporaryDirectory() as tmp:
        config_file = Path(tmp) / "dbt-bouncer.yml"
        config_file.write_text(json.dumps(config))
        results_file = Path(tmp) / "results.json"
        done = subprocess.run(
            [executable, "run", "--config-file", str(config_file), "--output-file", str(results_file),
             "--output-format", "json", "--output-only-failures"],
            cwd=project, capture_output=True, text=True,
        )
        failures = json.loads(results_file.read_text()) if results_file.exists() else None
    if failures is None or done.returncode not in (0, 1):
        last = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        raise RunnerError(f"dbt-bouncer could not run: {last[-1] if last else done.returncode}", "run it by hand to see why")
    failures = [item for item in failures if item.get("outcome") != "passed"]
    for item in failures:
        rule = str(item.get("check_run_id", "?")).split(":")[0]
        where = item.get("file_path") or item.get("unique_id") or ""
        out.print(f"convention broken: {rule} ({where}): {_one_line(item.get('failure_message', ''))}")
    if failures:
        out.print(f"conventions: {len(failures)} rule violation(s) (rules in pyproject.toml [tool.dbt-bouncer])")
        return 1
    out.print("conventions: every rule holds")
    return 0


def _one_line(text: str) -> str:
    return " ".join(str(text).split())

"""The warehouse under an orchestrator (optional): Dagster assets and one schedule per job.

Cron and `runner build --job` are enough to run the jobs (runner jobs --crontab). Where a
team already runs Dagster, this module gives it the warehouse through dagster-dbt, the
existing integration: every model, seed and snapshot as an asset (`dbt_assets`, read from
the manifest), and one schedule per selector of selectors.yml, with the cron and time zone
the selector's marts carry in their `meta` (runner.jobs.load_jobs reads the same YAML as
`runner jobs`). Nothing is scheduled by hand here.

    pip install -e '.[dev]'          # dagster-dbt comes with the dev extra
    runner check --no-build          # writes target/manifest.json
    dagster dev -m runner.dagster_defs

Under Dagster the builds are Dagster's runs of `dbt build --selector JOB` (its run history,
its alerting); the runner's run history and --notify alerts belong to `runner build`.
"""

# no `from __future__ import annotations`: Dagster resolves the asset function's annotations
import json
import os
from pathlib import Path

from runner.errors import RunnerError


def definitions(manifest_path: Path | None = None):
    """Dagster's Definitions for the project: the assets, the dbt resource on the target
    (DBT_TARGET and DBT_PROFILES_DIR, default the embedded database's generated profile) and
    one schedule per job."""
    try:
        from dagster import Definitions
        from dagster_dbt import DbtCliResource, build_schedule_from_dbt_selection, dbt_assets
    except ImportError as exc:
        raise RunnerError("dagster-dbt is not installed", "pip install -e '.[dev]'") from exc

    from runner.config import project_dir, runner_home, target_path
    from runner.jobs import load_jobs

    project = project_dir()
    path = manifest_path or target_path(project) / "manifest.json"
    if not path.exists():
        raise RunnerError(f"there is no manifest at {path}", "run `runner check --no-build` first")
    manifest = json.loads(path.read_text())

    @dbt_assets(manifest=manifest, name="warehouse")
    def warehouse(context, dbt: DbtCliResource):
        yield from dbt.cli(["build"], context=context).stream()

    schedules = [
        build_schedule_from_dbt_selection(
            [warehouse], job_name=job.name, cron_schedule=job.schedule, dbt_selector=job.name,
            execution_timezone=job.timezone, tags={"owner": job.owner or ""},
        )
        for job in load_jobs(manifest)
    ]
    resource = DbtCliResource(
        project_dir=str(project),
        profiles_dir=os.environ.get("DBT_PROFILES_DIR") or str(runner_home(project)),
        target=os.environ.get("DBT_TARGET") or None,
    )
    return Definitions(assets=[warehouse], schedules=schedules, resources={"dbt": resource})

"""The project's dbt vars: which exist (dbt_project.yml declares each with its default) and
what each accepts. `runner build --vars` is checked here before dbt runs, so a bad value is
one line naming it and what is accepted."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml

from runner.config import TENANT_ISOLATION
from runner.errors import RunnerError

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]{0,62}$")
DURATION = re.compile(r"^\d+\s*(ms|s|min)?$")


def _date(value) -> str | None:
    if isinstance(value, date):
        return None
    text = str(value).strip()
    if text == "":
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return "a date YYYY-MM-DD (or empty for today)"
    return None if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else "a date YYYY-MM-DD (or empty for today)"


def _timezone(value) -> str | None:
    text = str(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        return "an IANA time zone such as UTC or America/New_York"
    return None if text in available_timezones() or text == "UTC" else "an IANA time zone such as UTC or America/New_York"


def _schema(value) -> str | None:
    return None if isinstance(value, str) and IDENTIFIER.match(value) else "a schema name (letters, digits, _)"


def _count(value) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if isinstance(value, str) and value.strip().isdigit():
        ok = True
    return None if ok else "a whole number, 0 or more"


def _seconds(value) -> str | None:
    try:
        ok = float(value) > 0
    except (TypeError, ValueError):
        ok = False
    return None if ok else "a number of seconds above 0"


def _duration(value) -> str | None:
    return None if DURATION.match(str(value).strip()) else "a duration such as 200ms or 1s"


def _tenant_isolation(value) -> str | None:
    return None if value in TENANT_ISOLATION else f"one of {', '.join(TENANT_ISOLATION)}"


RULES = {
    "as_of_date": _date,
    "reporting_timezone": _timezone,
    "incremental_id_overlap": _count,
    "affiliate_load_overlap_hours": _count,
    "affiliate_metrics_lookback_days": _count,
    "swap_lock_timeout": _duration,
    "swap_max_wait_seconds": _seconds,
    "tenant_isolation": _tenant_isolation,
}


EXAMPLES = {"as_of_date": "2026-06-30", "reporting_timezone": "America/New_York"}


def known_vars(project: Path | None) -> dict:
    """The vars dbt_project.yml declares, with their defaults."""
    from runner.config import project_dir

    project = project or project_dir()
    return dict(yaml.safe_load((project / "dbt_project.yml").read_text()).get("vars") or {})


def check_vars(values: dict, project: Path | None = None) -> dict:
    """The vars as given, or a RunnerError naming the first unknown name or bad value."""
    known = known_vars(project)
    for name, value in values.items():
        if name not in known:
            raise RunnerError(
                f"--vars names an unknown var '{name}'",
                f"the project's vars are: {', '.join(sorted(known))} (dbt_project.yml)",
            )
        rule = _schema if name.endswith("_schema") else RULES.get(name)
        problem = rule(value) if rule else None
        if problem:
            example = EXAMPLES.get(name, known[name])
            raise RunnerError(f"--vars {name}: '{value}' is not {problem}", f"e.g. --vars '{{{name}: {example}}}'")
    return values

"""Resolve the warehouse a command runs against: the embedded default, the built-in DuckDB
target, or a named target of profiles.yml (PostgreSQL or DuckDB)."""

from __future__ import annotations

from pathlib import Path

import yaml

from runner.config import (
    DUCKDB_TARGET, EMBEDDED_TARGET, PROFILE_NAME, TENANT_ISOLATION, Target, find_profiles_dir,
    requested_target, runner_home,
)
from runner.db import connect
from runner.embedded import DATABASE, SUPERUSER, Embedded
from runner.engines import duckdb as duckdb_engine
from runner.engines import spark as spark_engine
from runner.errors import RunnerError


def resolve_target(target_option: str | None, profiles_dir_option: str | None, project: Path) -> Target:
    """With no target: start (if needed) the embedded database. `duckdb` with no such target
    in the user's profiles.yml: the built-in DuckDB file. Otherwise read profiles.yml."""
    name = requested_target(target_option)
    if name is None:
        home = runner_home(project)
        embedded = Embedded(home)
        layout = embedded.ensure_running()
        return Target(
            name=EMBEDDED_TARGET,
            profiles_dir=home,
            embedded=True,
            host="127.0.0.1",
            port=layout.port,
            user=SUPERUSER,
            password=embedded.password(),
            dbname=DATABASE,
        )
    if name == DUCKDB_TARGET and _user_output(name, profiles_dir_option, project) is None:
        return duckdb_engine.builtin_target(project)
    if name == spark_engine.SPARK_TARGET and _user_output(name, profiles_dir_option, project) is None:
        spark_engine.module()  # installed, and Java there: else one line, exit 2
        return spark_engine.builtin_target(project)
    from runner.dbt import render_target

    profiles_dir = find_profiles_dir(profiles_dir_option, project)
    data, password_var = render_target(profiles_dir, name)
    isolation = tenant_isolation(name, data)
    if data.get("type") == "duckdb":
        return duckdb_engine.profile_target(name, profiles_dir, data, isolation)
    if data.get("type") == "spark":
        spark_engine.module()
        return spark_engine.profile_target(name, profiles_dir, data, isolation)
    missing = [key for key in ("host", "user") if not data.get(key)]
    if missing or not (data.get("dbname") or data.get("database")):
        raise RunnerError(
            f"target '{name}' lacks {', '.join(missing) or 'dbname'} in {profiles_dir / 'profiles.yml'}",
            "see profiles.yml.example",
        )
    target = Target(
        name=name,
        profiles_dir=profiles_dir,
        embedded=False,
        host=str(data["host"]),
        port=int(data.get("port") or 5432),
        user=str(data["user"]),
        password=str(data.get("password") or data.get("pass") or ""),
        dbname=str(data.get("dbname") or data.get("database")),
        schema=str(data.get("schema") or "public"),
        password_var=password_var,
        tenant_isolation=isolation,
    )
    # connect once now: a wrong password, an unset password variable, an unknown host or a
    # server that is down is named here, before dbt turns it into something vaguer
    connect(target).close()
    return target


def tenant_isolation(name: str, data: dict) -> str | None:
    """The profile's `tenant_isolation` key (None when absent), or a one-line error."""
    value = data.get("tenant_isolation")
    if value is None:
        return None
    text = str(value).strip()
    if text not in TENANT_ISOLATION:
        raise RunnerError(
            f"target '{name}' has tenant_isolation: {value}; it may be {' or '.join(TENANT_ISOLATION)}",
            "fix tenant_isolation in the profile",
        )
    return text


def requested_engine(target_option: str | None, profiles_dir_option: str | None, project: Path) -> str:
    """The engine of the target a command names, without connecting to anything: for
    commands that only make sense on PostgreSQL but take no target of their own."""
    name = requested_target(target_option)
    if name is None:
        return "postgres"
    output = _user_output(name, profiles_dir_option, project)
    if output is not None:
        kind = str(output.get("type"))
        return kind if kind in ("duckdb", "spark") else "postgres"
    return {DUCKDB_TARGET: "duckdb", spark_engine.SPARK_TARGET: "spark"}.get(name, "postgres")


def _user_output(name: str, profiles_dir_option: str | None, project: Path) -> dict | None:
    """The raw output `name` of the user's profiles.yml, if one is found and has it. A
    profiles.yml that cannot be read counts as having it (reading it then says what is wrong)."""
    try:
        profiles_dir = find_profiles_dir(profiles_dir_option, project)
    except RunnerError:
        return None
    try:
        raw = yaml.safe_load((profiles_dir / "profiles.yml").read_text())
    except (OSError, yaml.YAMLError):
        return {}
    profile = raw.get(PROFILE_NAME) if isinstance(raw, dict) else None
    outputs = profile.get("outputs") if isinstance(profile, dict) else None
    if not isinstance(outputs, dict) or name not in outputs:
        return None
    output = outputs[name]
    return output if isinstance(output, dict) else {}

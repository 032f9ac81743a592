"""Resolve the warehouse a command runs against: the embedded default or a named target."""

from __future__ import annotations

from pathlib import Path

from runner.config import EMBEDDED_TARGET, Target, find_profiles_dir, requested_target, runner_home
from runner.db import connect
from runner.embedded import DATABASE, SUPERUSER, Embedded
from runner.errors import RunnerError


def resolve_target(target_option: str | None, profiles_dir_option: str | None, project: Path) -> Target:
    """With no target: start (if needed) the embedded database. Otherwise read profiles.yml."""
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
    from runner.dbt import render_target

    profiles_dir = find_profiles_dir(profiles_dir_option, project)
    data, password_var = render_target(profiles_dir, name)
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
    )
    # connect once now: a wrong password, an unset password variable, an unknown host or a
    # server that is down is named here, before dbt turns it into something vaguer
    connect(target).close()
    return target

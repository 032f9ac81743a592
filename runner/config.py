"""Where things are: the project, the runner's state, and which warehouse a command uses.

With no `--target` (and no DBT_TARGET) every command uses the embedded PostgreSQL whose
state lives in RUNNER_HOME (default `.runner/` at the project root). With a target, the
runner reads `profiles.yml` the way dbt finds it and never starts the embedded database.
The target `duckdb` is built in too: a DuckDB file in RUNNER_HOME/duckdb/ (see
runner/engines/duckdb.py), unless the user's own profiles.yml has a target of that name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from runner.errors import RunnerError

PROFILE_NAME = "warehouse"
EMBEDDED_TARGET = "embedded"
DUCKDB_TARGET = "duckdb"
# what a profile's `tenant_isolation` key may say: `none` passes the dbt var of that name
TENANT_ISOLATION = ("enforced", "none")


def project_dir() -> Path:
    """The dbt project root: RUNNER_PROJECT_DIR, else the nearest dbt_project.yml upwards."""
    explicit = os.environ.get("RUNNER_PROJECT_DIR")
    if explicit:
        path = Path(explicit).resolve()
        if not (path / "dbt_project.yml").is_file():
            raise RunnerError(
                f"RUNNER_PROJECT_DIR={explicit} holds no dbt_project.yml",
                "point it at the warehouse project root",
            )
        return path
    for candidate in [Path.cwd(), *Path.cwd().parents]:
        if (candidate / "dbt_project.yml").is_file() and (candidate / "runner").is_dir():
            return candidate
    installed = Path(__file__).resolve().parent.parent
    if (installed / "dbt_project.yml").is_file():
        return installed
    raise RunnerError(
        "no warehouse project found (no dbt_project.yml here or above)",
        "run the command inside the project, or set RUNNER_PROJECT_DIR",
    )


def runner_home(project: Path | None = None) -> Path:
    """The runner's state directory (embedded database, generated profile, password)."""
    explicit = os.environ.get("RUNNER_HOME")
    if explicit:
        return Path(explicit).resolve()
    return (project or project_dir()) / ".runner"


@dataclass
class Target:
    """One warehouse connection as dbt and the runner both use it.

    `engine` is the profile's `type`: `postgres` (host, port, user, password, dbname) or
    `duckdb` (`path`, the database file). `tenant_isolation` is the profile's key of that
    name (None when it has none); `none` makes every dbt invocation pass the dbt var
    `tenant_isolation: none` (runner/dbt.py).
    """

    name: str
    profiles_dir: Path
    embedded: bool
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = field(default="", repr=False)
    dbname: str = ""
    schema: str = "public"
    # the env var the profile reads the password from, if any (to name it when it is unset)
    password_var: str | None = None
    engine: str = "postgres"
    path: Path | None = None
    tenant_isolation: str | None = None

    def require_postgres(self, what: str = "this command") -> None:
        """Refuse, in one line, to do on another engine what only PostgreSQL can do."""
        if self.engine != "postgres":
            raise RunnerError(
                f"{what} needs PostgreSQL; target {self.name} is {self.engine}",
                "drop --target to use the embedded PostgreSQL, or name a postgres target",
            )

    def conninfo(self, **extra: object) -> dict:
        self.require_postgres()
        info = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "dbname": self.dbname,
            "connect_timeout": 5,
        }
        info.update(extra)
        return info

    @property
    def where(self) -> str:
        if self.engine == "duckdb":
            return str(self.path) if self.path is not None else ":memory:"
        if self.engine == "spark":  # a local session's warehouse folder, or a cluster's host
            return str(self.path) if self.path is not None else self.host
        return f"{self.host}:{self.port}/{self.dbname}"


def requested_target(option: str | None) -> str | None:
    """The target named by --target or DBT_TARGET; None means the embedded default."""
    name = option or os.environ.get("DBT_TARGET") or None
    if name == EMBEDDED_TARGET:
        return None
    return name


def find_profiles_dir(option: str | None, project: Path) -> Path:
    """Find profiles.yml the way dbt does: flag, DBT_PROFILES_DIR, project dir, ~/.dbt."""
    if option:
        # named explicitly (--profiles-dir, or DBT_PROFILES_DIR behind it): that folder or nothing
        path = Path(option)
        if not path.is_dir():
            raise RunnerError(f"the profiles directory {path} does not exist (--profiles-dir or DBT_PROFILES_DIR)",
                              "give the folder that holds profiles.yml")
        if not (path / "profiles.yml").is_file():
            raise RunnerError(f"the profiles directory {path} holds no profiles.yml (--profiles-dir or DBT_PROFILES_DIR)",
                              "copy profiles.yml.example there as profiles.yml")
        return path.resolve()
    candidates: list[tuple[str, Path]] = []
    if os.environ.get("DBT_PROFILES_DIR"):
        candidates.append(("DBT_PROFILES_DIR", Path(os.environ["DBT_PROFILES_DIR"])))
    candidates.append(("the project directory", project))
    candidates.append(("~/.dbt", Path.home() / ".dbt"))
    for _, path in candidates:
        if (path / "profiles.yml").is_file():
            return path.resolve()
    looked = ", ".join(str(p) for _, p in candidates)
    raise RunnerError(
        f"no profiles.yml found (looked in {looked})",
        "copy profiles.yml.example to ~/.dbt/profiles.yml, or drop --target to use the embedded database",
    )


def target_path(project: Path) -> Path:
    """Where dbt writes its artifacts: DBT_TARGET_PATH (absolute or project-relative), else target/."""
    configured = os.environ.get("DBT_TARGET_PATH")
    if not configured:
        return project / "target"
    path = Path(configured)
    return path if path.is_absolute() else project / path

"""The engine settings of one build: dbt threads and PostgreSQL memory, chosen for the machine.

`choose()` is a pure function of the machine's RAM and CPU count (and any override):

    threads                 twice the CPU count, at most 16: a dbt node spends much of its
                            time outside the database (compiling, metadata queries, commits),
                            so two threads per core keep the cores busy (measured at `large` on
                            2 cores: a full build 484 s with 4 threads, 701 s with 2)
    work_mem                RAM / 4 shared by threads x 4 sort or hash steps each,
                            at least 64MB (the embedded server's default), at most 1GB
    maintenance_work_mem    RAM / 4 shared by the threads (index builds), 64MB to 1GB

hash_mem_multiplier stays the server's (2: a hash step may use twice work_mem).

The settings are per build session, never global: runner/dbt.py puts them in the libpq
variable PGOPTIONS (`-c work_mem=...`) only while dbt runs, so every connection dbt opens
for the build gets them and nothing else does (no ALTER SYSTEM or ALTER DATABASE).

Memory is chosen from the machine only for the embedded database, the server on this
machine; a remote PostgreSQL keeps its own settings unless an override names one.
Overrides, strongest first:

    RUNNER_THREADS, RUNNER_WORK_MEM, RUNNER_MAINTENANCE_WORK_MEM   env vars (e.g. 256MB)
    threads: N in the target's profile                             (not the embedded one,
                                                                    which the runner writes)

DuckDB sizes itself (memory_limit 80% of RAM, as many threads as cores inside one dbt
thread); the runner leaves it as it is and only reports the dbt threads of its profile.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from runner.errors import RunnerError

MB = 1024 * 1024
GB = 1024 * MB
MIN_MEM_MB = 64
MAX_MEM_MB = 1024
MAX_THREADS = 16
SIZE = re.compile(r"^\s*(\d+)\s*(kB|MB|GB|TB)?\s*$")
UNIT_MB = {"kB": 1 / 1024, "MB": 1, "GB": 1024, "TB": 1024 * 1024, None: 1 / 1024}  # bare numbers are kB, as in PostgreSQL
ENV_THREADS = "RUNNER_THREADS"
ENV_WORK_MEM = "RUNNER_WORK_MEM"
ENV_MAINTENANCE_WORK_MEM = "RUNNER_MAINTENANCE_WORK_MEM"


@dataclass(frozen=True)
class Settings:
    """What a build runs with; `pgoptions` is empty where the server keeps its own."""

    threads: int
    ram_bytes: int
    cpus: int
    work_mem_mb: int | None = None
    maintenance_work_mem_mb: int | None = None
    engine: str = "postgres"
    # which value came from where other than the machine: {"threads": "RUNNER_THREADS", ...}
    origins: dict = field(default_factory=dict)

    @property
    def pgoptions(self) -> str:
        options = []
        if self.work_mem_mb is not None:
            options.append(f"-c work_mem={self.work_mem_mb}MB")
        if self.maintenance_work_mem_mb is not None:
            options.append(f"-c maintenance_work_mem={self.maintenance_work_mem_mb}MB")
        return " ".join(options)

    def line(self) -> str:
        """One line for the person running the build."""
        parts = [f"{self.threads} thread{'s' if self.threads != 1 else ''}{self._origin('threads')}"]
        if self.engine == "duckdb":
            parts.append("DuckDB's own memory_limit and threads")
        elif self.engine == "spark":
            parts.append("the Spark session's own memory and shuffle partitions")
        else:
            for name, value in (("work_mem", self.work_mem_mb), ("maintenance_work_mem", self.maintenance_work_mem_mb)):
                parts.append(f"{name} {size_text(value)}{self._origin(name)}" if value is not None
                             else f"{name} the server's")
        return f"settings: {', '.join(parts)} ({self.ram_bytes / GB:.0f} GB RAM, {self.cpus} CPU{'s' if self.cpus != 1 else ''})"

    def _origin(self, name: str) -> str:
        origin = self.origins.get(name)
        return f" ({origin})" if origin else ""


def choose(
    ram_bytes: int, cpus: int, profile_threads: int | None = None, overrides: dict | None = None,
    engine: str = "postgres", local_server: bool = True,
) -> Settings:
    """The settings for a machine with this RAM and these CPUs.

    `profile_threads`: the threads the target's profile sets (None when it sets none);
    `overrides`: {"threads": int, "work_mem": MB, "maintenance_work_mem": MB}, each optional,
    with {"origins": {...}} naming where each came from; `local_server`: the database runs on
    this machine (the embedded one), so its memory is chosen from this machine's RAM.
    """
    overrides = dict(overrides or {})
    origins = dict(overrides.pop("origins", {}))
    cpus = max(int(cpus or 1), 1)
    if overrides.get("threads") is not None:
        threads = int(overrides["threads"])
    elif profile_threads is not None:
        threads = int(profile_threads)
        origins.setdefault("threads", "the profile's")
    else:
        threads = min(2 * max(cpus, 1), MAX_THREADS)
    threads = max(threads, 1)
    work_mem = maintenance = None
    if engine == "postgres" and local_server:
        quarter_mb = ram_bytes / 4 / MB
        work_mem = _clamp(quarter_mb / (threads * 4))
        maintenance = _clamp(quarter_mb / threads)
    if engine == "postgres":
        work_mem = overrides.get("work_mem", work_mem)
        maintenance = overrides.get("maintenance_work_mem", maintenance)
    return Settings(threads=threads, ram_bytes=int(ram_bytes), cpus=cpus, work_mem_mb=work_mem,
                    maintenance_work_mem_mb=maintenance, engine=engine, origins=origins)


def _clamp(mb: float) -> int:
    return int(min(max(mb, MIN_MEM_MB), MAX_MEM_MB))


def size_text(mb: int) -> str:
    return f"{mb // 1024}GB" if mb % 1024 == 0 else f"{mb}MB"


def parse_size(name: str, text: str) -> int:
    """A PostgreSQL memory size (256MB, 1GB, 65536kB; a bare number is kB) in whole MB."""
    match = SIZE.match(str(text))
    if not match:
        raise RunnerError(f"{name}={text} is not a memory size", f"e.g. {name}=256MB (kB, MB, GB or TB)")
    mb = int(int(match.group(1)) * UNIT_MB[match.group(2)])
    if mb < 1:
        raise RunnerError(f"{name}={text} is below 1MB", f"e.g. {name}=256MB")
    return mb


def env_overrides(env=None) -> dict:
    """The overrides the environment sets, with where each came from."""
    env = os.environ if env is None else env
    overrides: dict = {"origins": {}}
    threads = env.get(ENV_THREADS, "").strip()
    if threads:
        if not threads.isdigit() or int(threads) < 1:
            raise RunnerError(f"{ENV_THREADS}={threads} is not a number of threads", f"e.g. {ENV_THREADS}=4")
        overrides["threads"] = int(threads)
        overrides["origins"]["threads"] = ENV_THREADS
    for key, name in (("work_mem", ENV_WORK_MEM), ("maintenance_work_mem", ENV_MAINTENANCE_WORK_MEM)):
        value = env.get(name, "").strip()
        if value:
            overrides[key] = parse_size(name, value)
            overrides["origins"][key] = name
    return overrides


def machine() -> tuple[int, int]:
    """(RAM in bytes, CPU count) of this machine: /proc/meminfo's MemTotal, or the memory
    limit of this process's cgroup when that is lower; os.cpu_count()."""
    ram = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
                break
    except (OSError, ValueError, IndexError):
        ram = 0
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit.isdigit() and (ram == 0 or int(limit) < ram):
            ram = int(limit)
    except OSError:
        pass
    if ram == 0:
        ram = 4 * GB  # unknown: size for a small machine
    return ram, os.cpu_count() or 1


def for_target(target, profile_threads: int | None, env=None) -> Settings:
    """The settings of a build on a target (whose profile sets `profile_threads`, or None)."""
    ram, cpus = machine()
    return choose(ram, cpus, profile_threads=profile_threads, overrides=env_overrides(env),
                  engine=target.engine, local_server=bool(target.embedded))

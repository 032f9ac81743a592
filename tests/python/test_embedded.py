"""The embedded default database: lifecycle, failure modes, root and ordinary users."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import psutil
import psycopg
import pytest

from conftest import PROJECT, assert_one_line_error, cli, traversable_dir
from runner.embedded import SERVER_USER, Embedded

IS_ROOT = os.geteuid() == 0


def _env(home: Path, **extra) -> dict:
    return {"RUNNER_HOME": str(home), **extra}


def test_lifecycle_start_status_url_stop_restart(new_home):
    home = new_home("lifecycle")
    env = _env(home)

    started = cli("db", "start", env=env)
    assert started.exit_code == 0, started.output
    assert "running on 127.0.0.1:" in started.output

    status = cli("db", "status", env=env)
    assert status.exit_code == 0 and "running, PostgreSQL 18" in status.output

    url = cli("db", "url", env=env).output.strip()
    assert url.startswith("postgresql://runner:") and "@127.0.0.1:" in url
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("select current_database()").fetchone()[0] == "warehouse"
        # loopback only, and only with the password
        assert conn.execute("show listen_addresses").fetchone()[0] == "127.0.0.1"
    port = url.rsplit(":", 1)[1].split("/")[0]
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(host="127.0.0.1", port=port, user="runner", password="wrong", dbname="warehouse")

    assert cli("db", "stop", env=env).output.strip() == "embedded database stopped"
    assert "stopped" in cli("db", "status", env=env).output
    assert_one_line_error(cli("db", "url", env=env), "stopped")

    again = cli("db", "start", env=env)
    assert again.exit_code == 0
    assert cli("db", "url", env=env).output.strip() == url  # same port, same password
    cli("db", "stop", env=env)


def test_password_file_is_private_and_state_is_in_runner_home(new_home):
    home = new_home("private")
    assert cli("db", "start", env=_env(home)).exit_code == 0
    mode = stat.S_IMODE((home / "password").stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE((home / "profiles.yml").stat().st_mode) == 0o600
    assert (home / "pgdata" / "server.log").exists()  # the server log lives in the data dir
    cli("db", "stop", env=_env(home))


def test_db_url_before_any_start_says_what_to_do(new_home):
    assert_one_line_error(cli("db", "url", env=_env(new_home("never-started"))), "no embedded database")


def test_reset_asks_first_and_deletes_with_yes(new_home):
    home = new_home("reset")
    env = _env(home)
    assert cli("db", "start", env=env).exit_code == 0
    declined = cli("db", "reset", input="n\n", env=env)
    assert declined.exit_code == 0 and "nothing deleted" in declined.output
    assert "every BI login and tenant grant" in declined.output  # runner access grants go with it
    assert (home / "pgdata" / "PG_VERSION").exists()
    confirmed = cli("db", "reset", "--yes", env=env)
    assert confirmed.exit_code == 0
    assert "with its BI logins and tenant grants" in confirmed.output
    assert not (home / "pgdata").exists()
    assert (home / "password").exists()  # kept, with the port: saved connections keep working
    assert "not initialised" in cli("db", "status", env=env).output


def test_taken_port_is_a_clear_error_not_a_second_server(new_home):
    home = new_home("taken-port")
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        result = cli("db", "start", env=_env(home, RUNNER_PG_PORT=str(port)))
        assert_one_line_error(result, f"port {port}", "taken")
        assert "RUNNER_PG_PORT" in result.stderr
    # the port is free again: the same command now starts the server on it
    ok = cli("db", "start", env=_env(home, RUNNER_PG_PORT=str(port)))
    assert ok.exit_code == 0 and f":{port}" in ok.output
    cli("db", "stop", env=_env(home))


def test_stale_postmaster_pid_is_reported_with_the_fix(new_home):
    home = new_home("stale")
    env = _env(home)
    assert cli("db", "start", env=env).exit_code == 0
    assert cli("db", "stop", env=env).exit_code == 0
    dead = 4_000_000  # above pid_max: no process has it
    assert not psutil.pid_exists(dead)
    pid_file = home / "pgdata" / "postmaster.pid"
    pid_file.write_text(f"{dead}\n{home / 'pgdata'}\n1700000000\n5432\n/tmp\n127.0.0.1\n  0 0\nready   \n")
    result = cli("db", "start", env=env)
    assert_one_line_error(result, "stale", "postmaster.pid", str(dead))
    assert "delete that file" in result.stderr
    pid_file.unlink()  # the fix the hint gives
    assert cli("db", "start", env=env).exit_code == 0
    cli("db", "stop", env=env)


def test_data_dir_of_an_older_major_version_is_refused(new_home):
    home = new_home("old-major")
    env = _env(home)
    assert cli("db", "start", env=env).exit_code == 0
    cli("db", "stop", env=env)
    (home / "pgdata" / "PG_VERSION").write_text("16\n")
    assert_one_line_error(cli("db", "start", env=env), "PostgreSQL 16", "ships 18")


@pytest.mark.skipif(not IS_ROOT, reason="needs root to hand the data dir to another user")
def test_data_dir_of_another_user_is_refused(new_home):
    home = new_home("other-owner")
    env = _env(home)
    assert cli("db", "start", env=env).exit_code == 0
    cli("db", "stop", env=env)
    os.chown(home / "pgdata", 65534, 65534)  # nobody
    assert_one_line_error(cli("db", "start", env=env), "belongs to nobody")


@pytest.mark.skipif(not IS_ROOT, reason="the root path is taken only when the suite runs as root (as in CI)")
def test_as_root_postgres_runs_as_an_unprivileged_system_user(warehouse):
    status = Embedded(Path(os.environ["RUNNER_HOME"])).status()
    assert status.running
    server = psutil.Process(status.pid)
    assert server.username() == SERVER_USER
    entry = pwd.getpwnam(SERVER_USER)
    assert entry.pw_shell.endswith("nologin")
    pgdata = status.pgdata
    assert pgdata.stat().st_uid == entry.pw_uid
    assert stat.S_IMODE(pgdata.stat().st_mode) == 0o700


@pytest.mark.skipif(not IS_ROOT, reason="only root needs a place the server user can reach")
def test_as_root_a_home_the_server_user_cannot_reach_falls_back(new_home):
    private = new_home("private-parent")
    private.mkdir(mode=0o700)
    home = private / "home"  # like a clone under /root: runnerpg cannot traverse it
    env = _env(home)
    started = cli("db", "start", env=env)
    assert started.exit_code == 0, started.output
    status = Embedded(home).status()
    assert str(status.pgdata).startswith("/var/lib/runner-embedded/")
    assert psutil.Process(status.pid).username() == SERVER_USER
    with psycopg.connect(cli("db", "url", env=env).output.strip()) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
    assert cli("db", "reset", "--yes", env=env).exit_code == 0
    assert not status.pgdata.parent.exists()  # reset removes the fallback dir too


def _user_python(user: pwd.struct_passwd) -> str | None:
    """An interpreter the test user can execute with the same ABI as ours."""
    candidates = [sys.executable, f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"]
    for candidate in candidates:
        done = subprocess.run(["runuser", "-u", user.pw_name, "--", candidate, "-c", "print(1)"],
                              capture_output=True, text=True)
        if done.returncode == 0:
            return candidate
    return None


@pytest.mark.skipif(not IS_ROOT, reason="as an ordinary user the whole suite already runs this path")
def test_an_ordinary_user_runs_the_embedded_database_as_themselves():
    name = "runnertest"
    try:
        user = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True)
        user = pwd.getpwnam(name)
    python = _user_python(user)
    if python is None:
        pytest.skip(f"no Python {sys.version_info.major}.{sys.version_info.minor} the user {name} can execute")
    work = traversable_dir("runner-ordinary-")
    try:
        # the user gets readable copies of the code: the venv may sit under a 0700 home
        site = Path(psycopg.__file__).resolve().parents[1]
        site_copy = work / "site-packages"
        if subprocess.run(["runuser", "-u", name, "--", "test", "-r", str(site / "psycopg" / "__init__.py")]).returncode:
            shutil.copytree(site, site_copy, symlinks=True)
        else:
            site_copy = site
        project = work / "project"
        shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns(".venv", ".runner", "target", "logs", ".git"))
        home = work / "home"
        home.mkdir()
        shutil.chown(home, name, name)
        env = {
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": f"{project}:{site_copy}",
            "RUNNER_HOME": str(home),
            "RUNNER_PROJECT_DIR": str(project),
            "HOME": str(home),
        }

        def runner(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                ["runuser", "-u", name, "--", "env", *(f"{k}={v}" for k, v in env.items()),
                 python, "-m", "runner", *args],
                capture_output=True, text=True, timeout=300,
            )

        started = runner("db", "start")
        assert started.returncode == 0, started.stdout + started.stderr
        status = Embedded(home).status()
        assert psutil.Process(status.pid).username() == name  # no system user needed
        init = runner("sources", "init")
        assert init.returncode == 0, init.stdout + init.stderr
        url = runner("db", "url").stdout.strip()
        with psycopg.connect(url, autocommit=True) as conn:
            tables = conn.execute(
                "select count(*) from information_schema.tables where table_schema = 'app'"
            ).fetchone()[0]
        assert tables == 7
        stopped = runner("db", "stop")
        assert stopped.returncode == 0 and "stopped" in stopped.stdout
    finally:
        subprocess.run(["pkill", "-u", name, "postgres"], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)

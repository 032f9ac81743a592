"""Trust: BI access, PII, and builds that survive faults, on the small demo.

Every test here runs against the session's `trust` server (conftest) holding the small
demo, built once with a fixed as_of_date; the marts checked are every table in every
marts_* schema, so each domain is covered as it is added. Tenant isolation is tested in
test_access.py on the same server.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from conftest import MART_SCHEMAS, TRUST_VARS as VARS, checksums, cli, marts
from runner.embedded import Embedded


def build_process(warehouse, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, **warehouse.env)
    return subprocess.Popen(
        [sys.executable, "-m", "runner", "build", "--all", "--vars", VARS, *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def wait_until_building(warehouse, process: subprocess.Popen, timeout: float = 120) -> None:
    """Until dbt has started writing marts (a table is being created in a marts_* schema)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        busy = warehouse.query(
            "select count(*) from pg_stat_activity where datname = current_database()"
            " and state = 'active' and query ilike %s",
            ("%marts_%__dbt_tmp%",),
        )[0][0]
        if busy:
            return
        time.sleep(0.05)
    raise AssertionError("the build never started writing marts")


def test_bi_reader_reads_the_marts_and_nothing_else(trust):
    trust.query("drop role if exists trust_bi_user")
    trust.query("create role trust_bi_user login password 'reader-pw' in role bi_reader")
    target = trust.target()
    reader = dict(target.conninfo(), user="trust_bi_user", password="reader-pw")
    with psycopg.connect(**reader, autocommit=True) as conn:
        for mart in marts(trust):
            conn.execute(f"select * from {mart} limit 1")
        for forbidden in ("staging.stg_app__users", "intermediate.int_app_users_enriched", "app.users",
                          "reference.motivation_intent_map", "snapshots.snp_app__user_status"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"select 1 from {forbidden} limit 1")
    # a rebuild keeps the grants (they are applied to every new table before it is swapped in)
    assert cli("build", "--select", "dim_app_users", "--vars", VARS, env=trust.env).exit_code == 0
    with psycopg.connect(**reader, autocommit=True) as conn:
        assert conn.execute("select count(*) from marts_product.dim_app_users").fetchone()[0] > 0


# what counts as PII or a secret in the sources, and names a mart column must not have
PII_SOURCES = {
    "app.users": ["email", "password_hash", "display_name"],
    "app.l0_pii_users": ["first_name", "last_name", "phone"],
    "spendsense.users": ["email", "phone_number", "password_hash"],
    "spendsense.sessions": ["refresh_token"],
    "finance.users": ["email", "password_hash", "first_name", "last_name"],
    "finance.connections": ["access_token"],
    "affiliate.affiliate_accounts": ["email", "name"],
}
# a column named as PII, or ending in a PII word (`email_validated`, a flag, is fine)
DENIED_COLUMN = re.compile(
    r"^(first_name|last_name|display_name|full_name|date_of_birth|dob|ssn|oauth_providers|oauth_id)$"
    r"|(^|_)(email|phone|phone_number|password|password_hash|token|refresh_token|access_token|secret)$"
)


def test_no_pii_or_secret_reaches_a_mart(trust):
    tables = {row[0] for row in trust.query(
        "select format('%s.%s', table_schema, table_name) from information_schema.tables")}
    values: set[str] = set()
    for table, columns in PII_SOURCES.items():
        if table not in tables:
            continue
        for column in columns:
            values |= {row[0] for row in trust.query(
                f"select distinct {column}::text from {table} where nullif(trim({column}::text), '') is not null")}
    if "spendsense.users" in tables:  # OAuth provider ids inside the JSON
        values |= {row[0] for row in trust.query(
            "select distinct value from spendsense.users, jsonb_each_text(oauth_providers)")}
    if "app.l0_pii_users" in tables:
        values |= {row[0] for row in trust.query("select distinct date_of_birth::text from app.l0_pii_users")}
    assert len(values) > 1000  # the scan has something to find
    trust.query("drop table if exists public.pii_values")
    trust.query("create table public.pii_values (value text primary key)")
    with psycopg.connect(**trust.target().conninfo(), autocommit=True) as conn:
        with conn.cursor().copy("copy public.pii_values (value) from stdin") as copy:
            for value in values:
                copy.write_row((value,))
    found, bad_names = [], []
    columns = trust.query(
        "select table_schema, table_name, column_name, data_type from information_schema.columns"
        " where table_schema = any(%s) order by 1, 2, 3",
        (MART_SCHEMAS,),
    )
    for schema, table, column, data_type in columns:
        if DENIED_COLUMN.search(column):
            bad_names.append(f"{schema}.{table}.{column}")
        if data_type in ("text", "character varying", "character"):
            hits = trust.query(
                f'select count(*) from "{schema}"."{table}" as t join public.pii_values as p on p.value = t."{column}"')
        elif data_type in ("json", "jsonb"):
            # any key or string value anywhere in the document, as it is written in JSON
            hits = trust.query(
                f'select count(*) from "{schema}"."{table}" as t join public.pii_values as p'
                f' on position(\'"\' || p.value || \'"\' in t."{column}"::text) > 0')
        else:
            continue
        if hits[0][0]:
            found.append(f"{schema}.{table}.{column}: {hits[0][0]}")
        if data_type in ("text", "character varying"):
            emails = trust.query(
                f'select count(*) from "{schema}"."{table}" where "{column}" ~ \'[^@\\s]+@[^@\\s]+\\.[a-z]{{2,}}\'')
            if emails[0][0]:
                found.append(f"{schema}.{table}.{column}: {emails[0][0]} email-like values")
    trust.query("drop table public.pii_values")
    assert bad_names == []
    assert found == []


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_a_killed_build_leaves_every_mart_complete_and_the_next_build_succeeds(trust, how):
    before = checksums(trust)
    assert before
    process = build_process(trust)
    try:
        wait_until_building(trust, process)
        time.sleep(random.Random(how).uniform(0.5, 4.0))  # a reproducible "random point"
        process.send_signal(how)
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode in ((130,) if how == signal.SIGINT else (-signal.SIGKILL,))
    time.sleep(1.5)  # the server notices a killed client within a second
    after = checksums(trust)
    assert {m: (before[m], after.get(m)) for m in before if before[m] != after.get(m)} == {}  # every mart readable, at its last complete version
    leftovers = trust.query(
        "select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = any(%s) and c.relkind = 'r' and (relname like '%%__dbt_tmp' or relname like '%%__dbt_backup')",
        (MART_SCHEMAS,),
    )
    assert leftovers == []
    again = cli("build", "--vars", VARS, env=trust.env)
    assert again.exit_code == 0, again.output
    assert checksums(trust) == before


def test_the_database_restarting_mid_build_is_a_clear_error_and_the_next_build_succeeds(trust):
    before = checksums(trust)
    process = build_process(trust)
    try:
        wait_until_building(trust, process)
        embedded = Embedded(trust.home)
        embedded.stop()
        embedded.ensure_running()
        output, _ = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 2, output
    assert "lost its connection to the database (the server restarted or went away)" in output
    assert "Traceback" not in output
    assert checksums(trust) == before
    again = cli("build", "--vars", VARS, env=trust.env)
    assert again.exit_code == 0, again.output


def test_a_source_table_that_gained_a_column_still_builds(trust):
    trust.query("alter table app.users add column favourite_colour text default 'teal'")
    try:
        result = cli("build", "--select", "source:app+ motivation_intent_map+", "--vars", VARS, env=trust.env)
        assert result.exit_code == 0, result.output
    finally:
        trust.query("alter table app.users drop column favourite_colour")


def test_a_missing_source_table_fails_naming_it(trust):
    trust.query("alter table app.onboarding_responses rename to onboarding_responses_gone")
    try:
        result = cli("build", "--select", "stg_app__onboarding_responses", "--vars", VARS, env=trust.env)
        assert result.exit_code == 1
        assert 'relation "app.onboarding_responses" does not exist' in result.output
        assert "FAILED model stg_app__onboarding_responses" in result.output
    finally:
        trust.query("alter table app.onboarding_responses_gone rename to onboarding_responses")


def test_two_builds_of_the_same_sources_and_as_of_date_are_byte_identical(trust):
    first = checksums(trust)
    result = cli("build", "--all", "--vars", VARS, env=trust.env)  # --all: build the unchanged domains too
    assert result.exit_code == 0, result.output
    assert checksums(trust) == first


def test_readers_never_wait_on_a_build(trust):
    """20 dashboard readers (each refusing to wait more than 1s for a lock) and one slow BI
    query holding a mart, throughout a full build: no reader errs."""
    tables = marts(trust)
    conninfo = trust.target().conninfo()
    stop = threading.Event()
    errors: list[str] = []
    queries = [0]
    lock = threading.Lock()

    def reader(index: int) -> None:
        with psycopg.connect(**conninfo, autocommit=True) as conn:
            conn.execute("set lock_timeout = '1s'")
            n = index
            while not stop.is_set():
                mart = tables[n % len(tables)]
                n += 1
                try:
                    conn.execute(f"select count(*) from (select * from {mart} limit 100) as t").fetchone()
                    with lock:
                        queries[0] += 1
                except psycopg.Error as exc:
                    errors.append(f"{mart}: {type(exc).__name__}: {str(exc).strip()}")

    def slow_reader() -> None:
        with psycopg.connect(**conninfo, autocommit=True) as conn:
            while not stop.is_set():
                conn.execute(f"select count(*), pg_sleep(1.5) from {tables[0]}").fetchone()

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(20)]
    threads.append(threading.Thread(target=slow_reader))
    for thread in threads:
        thread.start()
    try:
        result = cli("build", "--all", "--vars", VARS, env=trust.env)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert errors == []
    assert queries[0] > 200

"""Tenant isolation that holds against any SQL a reader can run, on the small demo.

Logins are made with `runner access grant` on the session's `trust` server (conftest). For
each login, every table of every mart schema is counted in the login's own session: what it
sees must equal the admin's count of its tenant's rows (and of every row of a mart without
a tenant column), and no row of another tenant, before and after each attack a reader could
try. The admin's counts come from the build user, a superuser.
"""

from __future__ import annotations

import re

import psycopg
import pytest

from conftest import MART_SCHEMAS, TRUST_VARS as VARS, assert_one_line_error, cli, marts

ORG_LOGIN = "acc_dealer_dash"
AFFILIATE_LOGIN = "acc_partner_dash"
ALL_LOGIN = "acc_ops_admin"
NONE_LOGIN = "acc_no_grant"
LOGINS = (ORG_LOGIN, AFFILIATE_LOGIN, ALL_LOGIN, NONE_LOGIN)
TENANT_COLUMNS = ("org_id", "affiliate_id")

# what a reader might run to see more; {other_org}, {other_affiliate}, {all_login} are filled in
ATTACKS = [
    "set app.org_id = '{other_org}'",
    "select set_config('app.org_id', '{other_org}', false)",
    "set app.affiliate_id = '{other_affiliate}'",
    "select set_config('app.affiliate_id', '{other_affiliate}', false)",
    "set tenant_access.org_id = '{other_org}'",
    "reset all",
    "reset role",
    "set role bi_reader",
    "set role bi_admin",
    "set role runner",
    "set session authorization runner",
    "set session authorization default",
    "set row_security = off",
    "create function public.widen() returns int language sql as 'select 1'",
    "create function pg_temp.widen() returns int language sql as 'select 1'",
    "create temporary table widen (id int)",
    "create temporary view widen as select * from marts_org.mart_financial_metrics",
    "create view marts_org.widen as select * from marts_org.mart_financial_metrics",
    "create table marts_affiliate.widen as select * from marts_affiliate.silver_customers",
    "create schema widen",
    "copy marts_org.mart_financial_metrics to '/tmp/widen.csv'",
    "copy (select * from marts_affiliate.silver_customers) to '/tmp/widen.csv'",
    "insert into tenant_access.tenant_grants (grantee, tenant_kind, tenant_id)"
    " values (current_user::regrole, 'org', '{other_org}')",
    "select * from tenant_access.tenant_grants",
    "select tenant_access.granted_tenants('org', '{all_login}')",
    "grant bi_admin to current_user",
    "alter role current_user set app.org_id = '{other_org}'",
    "alter role current_user set app.affiliate_id = '{other_affiliate}'",
]
# of those, what the database must refuse outright
MUST_FAIL = re.compile(r"^(create |copy .* to '|insert |select \* from tenant_access|grant |set role (bi_admin|runner)"
                       r"|set session authorization runner)")


@pytest.fixture(scope="module")
def tenants(trust):
    """(org, other org, affiliate, other affiliate): tenants with rows in the marts."""
    orgs = [row[0] for row in trust.query("select org_id from marts_org.dim_organizations order by 1")]
    affiliates = [row[0] for row in trust.query(
        "select affiliate_id from marts_affiliate.silver_customers group by 1 order by count(*) desc, 1")]
    assert len(orgs) >= 2 and len(affiliates) >= 2
    return {"org": str(orgs[0]), "other_org": str(orgs[1]),
            "affiliate": affiliates[0], "other_affiliate": affiliates[1]}


def _password(result) -> str:
    match = re.search(r"password \(shown once[^)]*\): (\S+)", result.output)
    assert match, result.output
    return match.group(1)


@pytest.fixture(scope="module")
def logins(trust, tenants, tmp_path_factory):
    """login -> password; made the way the README says."""
    for login in LOGINS + ("acc_limited",):
        trust.query(f"drop role if exists {login}")
    made = {}
    granted = cli("access", "grant", ORG_LOGIN, "--org", tenants["org"], env=trust.env)
    assert granted.exit_code == 0, granted.output
    assert f"created login {ORG_LOGIN}" in granted.output
    made[ORG_LOGIN] = _password(granted)
    password_file = tmp_path_factory.mktemp("access") / "partner.pw"
    password_file.write_text("partner-secret-1\n")
    granted = cli("access", "grant", AFFILIATE_LOGIN, "--affiliate", tenants["affiliate"],
                  "--password-file", str(password_file), env=trust.env)
    assert granted.exit_code == 0, granted.output
    assert "partner-secret-1" not in granted.output
    made[AFFILIATE_LOGIN] = "partner-secret-1"
    granted = cli("access", "grant", ALL_LOGIN, "--all", env=trust.env)
    assert granted.exit_code == 0, granted.output
    made[ALL_LOGIN] = _password(granted)
    trust.query(f"create role {NONE_LOGIN} login password 'no-grant-pw' in role bi_reader")
    made[NONE_LOGIN] = "no-grant-pw"
    yield made
    for login in LOGINS + ("acc_limited",):
        trust.query(f"drop role if exists {login}")


def _tables(trust) -> dict[str, str | None]:
    """Every table of every mart schema -> its tenant column (None: no tenant column)."""
    columns = trust.query(
        "select format('%%I.%%I', table_schema, table_name), column_name from information_schema.columns"
        " where table_schema = any(%s) and column_name = any(%s)",
        (MART_SCHEMAS, list(TENANT_COLUMNS)),
    )
    tenant_of = dict(columns)
    return {table: tenant_of.get(table) for table in marts(trust)}


def _own(login: str, column: str | None, tenants: dict) -> str | None:
    if login == ORG_LOGIN and column == "org_id":
        return tenants["org"]
    if login == AFFILIATE_LOGIN and column == "affiliate_id":
        return tenants["affiliate"]
    return None


def _expected(trust, login: str, tenants: dict) -> dict[str, int]:
    """What the login must see of each mart, counted by the admin."""
    expected = {}
    for table, column in _tables(trust).items():
        own = _own(login, column, tenants)
        if column is None or login == ALL_LOGIN:
            expected[table] = trust.query(f"select count(*) from {table}")[0][0]
        elif own is None:
            expected[table] = 0
        else:
            expected[table] = trust.query(f"select count(*) from {table} where {column}::text = %s", (own,))[0][0]
    return expected


def _seen(conn: psycopg.Connection, trust, login: str, tenants: dict) -> tuple[dict[str, int], dict[str, int]]:
    """(rows seen per mart, rows of another tenant seen per mart) in the login's session."""
    seen, foreign = {}, {}
    for table, column in _tables(trust).items():
        own = _own(login, column, tenants)
        if column is None or login == ALL_LOGIN:
            seen[table] = conn.execute(f"select count(*) from {table}").fetchone()[0]
            foreign[table] = 0
        else:
            seen[table], foreign[table] = conn.execute(
                f"select count(*), count(*) filter (where {column}::text is distinct from %s) from {table}", (own,)
            ).fetchone()
    return seen, foreign


def _connect(trust, login: str, password: str) -> psycopg.Connection:
    return psycopg.connect(**dict(trust.target().conninfo(), user=login, password=password), autocommit=True)


def test_each_login_sees_exactly_its_tenant_in_every_mart(trust, logins, tenants):
    for login, password in logins.items():
        expected = _expected(trust, login, tenants)
        with _connect(trust, login, password) as conn:
            seen, foreign = _seen(conn, trust, login, tenants)
        assert seen == expected, login
        if login != ALL_LOGIN:
            assert sum(foreign.values()) == 0, login
    # the split is real: the tenant logins see some rows but less than everything
    org_rows = _expected(trust, ORG_LOGIN, tenants)
    everything = _expected(trust, ALL_LOGIN, tenants)
    secured = [table for table, column in _tables(trust).items() if column]
    assert len(secured) == 21  # the 10 org marts, the 11 affiliate marts but data_quality_metrics
    forced = trust.query(
        "select format('%%I.%%I', n.nspname, c.relname) from pg_class as c join pg_namespace as n"
        " on n.oid = c.relnamespace where n.nspname = any(%s) and c.relkind = 'r'"
        " and c.relrowsecurity and c.relforcerowsecurity order by 1",
        (MART_SCHEMAS,),
    )
    assert [row[0] for row in forced] == sorted(secured)
    assert 0 < sum(org_rows[t] for t in secured) < sum(everything[t] for t in secured)
    assert all(_expected(trust, NONE_LOGIN, tenants)[t] == 0 for t in secured)


@pytest.mark.parametrize("login", [ORG_LOGIN, AFFILIATE_LOGIN])
def test_no_attack_widens_what_a_login_sees(trust, logins, tenants, login):
    expected = _expected(trust, login, tenants)
    secured = [table for table, column in _tables(trust).items() if column]
    values = dict(tenants, all_login=ALL_LOGIN)
    refused = []
    for attack in ATTACKS:
        statement = attack.format(**values)
        with _connect(trust, login, logins[login]) as conn:
            assert _seen(conn, trust, login, tenants)[0] == expected
            try:
                conn.execute(statement)
            except psycopg.Error:
                refused.append(statement)
            try:
                seen, foreign = _seen(conn, trust, login, tenants)
            except psycopg.errors.InsufficientPrivilege:
                # row_security = off: a query RLS would filter is an error, not a wider read
                assert statement == "set row_security = off"
                conn.execute("reset row_security")
                seen, foreign = _seen(conn, trust, login, tenants)
            assert {t: n for t, n in seen.items() if n > expected[t]} == {}, statement
            assert sum(foreign.values()) == 0, statement
            if statement.startswith("select tenant_access.granted_tenants"):
                assert conn.execute(statement).fetchone()[0] == [], statement
            # statistics of the secured marts stay hidden (their most common values are tenant ids)
            stats = conn.execute(
                "select count(*) from pg_stats where format('%%I.%%I', schemaname, tablename) = any(%s)", (secured,)
            ).fetchone()[0]
            assert stats == 0, statement
            # copy to the client is a query like any other
            with conn.cursor().copy("copy marts_org.mart_financial_metrics to stdout") as copy:
                copied = sum(1 for _ in copy.rows())
            assert copied == seen["marts_org.mart_financial_metrics"], statement
        # and a new session (role settings the login changed for itself included)
        with _connect(trust, login, logins[login]) as conn:
            assert _seen(conn, trust, login, tenants)[0] == expected, statement
    values_needing_refusal = [attack.format(**values) for attack in ATTACKS if MUST_FAIL.match(attack)]
    assert sorted(set(values_needing_refusal) - set(refused)) == []
    # the statistics the admin sees do hold other tenants' ids: hiding them is what mattered
    assert trust.query(
        "select count(*) from pg_stats where schemaname = 'marts_org' and attname = 'org_id'")[0][0] > 0


def test_revoke_takes_the_rows_back_and_all_sees_everything(trust, logins, tenants):
    listed = cli("access", "list", env=trust.env)
    assert listed.exit_code == 0, listed.output
    assert re.search(rf"{ORG_LOGIN}\s.*org {tenants['org']}", listed.output), listed.output
    assert re.search(rf"{AFFILIATE_LOGIN}\s.*affiliate {tenants['affiliate']}", listed.output), listed.output
    assert re.search(rf"{ALL_LOGIN}\s.*every tenant", listed.output), listed.output
    assert re.search(rf"{NONE_LOGIN}\s.*no tenant rows", listed.output), listed.output

    revoked = cli("access", "revoke", ORG_LOGIN, "--org", tenants["org"], env=trust.env)
    assert revoked.exit_code == 0, revoked.output
    try:
        with _connect(trust, ORG_LOGIN, logins[ORG_LOGIN]) as conn:
            seen, _ = _seen(conn, trust, NONE_LOGIN, tenants)
        assert seen == _expected(trust, NONE_LOGIN, tenants)
        assert seen["marts_product.dim_app_users"] > 0  # marts without a tenant column stay readable
    finally:
        assert cli("access", "grant", ORG_LOGIN, "--org", tenants["org"], env=trust.env).exit_code == 0

    revoked = cli("access", "revoke", ALL_LOGIN, "--all", env=trust.env)
    assert revoked.exit_code == 0, revoked.output
    try:
        with _connect(trust, ALL_LOGIN, logins[ALL_LOGIN]) as conn:
            seen, _ = _seen(conn, trust, NONE_LOGIN, tenants)
        assert seen == _expected(trust, NONE_LOGIN, tenants)
    finally:
        assert cli("access", "grant", ALL_LOGIN, "--all", env=trust.env).exit_code == 0


def test_grants_survive_a_full_refresh_build(trust, logins, tenants):
    built = cli("build", "--full-refresh", "--select", "marts.org marts.affiliate", "--vars", VARS, env=trust.env)
    assert built.exit_code == 0, built.output
    for login in (ORG_LOGIN, AFFILIATE_LOGIN, ALL_LOGIN):
        with _connect(trust, login, logins[login]) as conn:
            assert _seen(conn, trust, login, tenants)[0] == _expected(trust, login, tenants), login


def test_bad_access_requests_are_one_line_errors(trust, tmp_path):
    assert_one_line_error(cli("access", "grant", "someone", env=trust.env), "--org ID, --affiliate ID or --all")
    assert_one_line_error(cli("access", "grant", "someone", "--org", "one", env=trust.env), "--org", "'one'")
    assert_one_line_error(cli("access", "grant", "bi_admin", "--org", "1", env=trust.env), "'bi_admin'")
    assert_one_line_error(cli("access", "revoke", "nobody_at_all", "--org", "1", env=trust.env), "no role named nobody_at_all")
    missing = tmp_path / "missing.pw"
    assert_one_line_error(cli("access", "grant", "x", "--org", "1", "--password-file", str(missing), env=trust.env),
                          "cannot read the password file")


def test_a_target_whose_user_may_not_manage_roles_gets_the_sql_to_run(trust, logins, tmp_path):
    trust.query("create role acc_limited login password 'limited-pw'")
    target = trust.target()
    (tmp_path / "profiles.yml").write_text(
        "warehouse:\n  target: limited\n  outputs:\n"
        f"    limited: {{type: postgres, host: 127.0.0.1, port: {target.port}, user: acc_limited,"
        " password: limited-pw, dbname: warehouse, schema: public, threads: 1}\n"
    )
    result = cli("access", "grant", "acc_new_login", "--org", "1", "--target", "limited",
                 "--profiles-dir", str(tmp_path), env=trust.env)
    assert_one_line_error(result, "acc_limited may not manage roles", "target limited")
    assert 'create role "acc_new_login" login' in result.stderr
    assert "insert into tenant_access.tenant_grants" in result.stderr
    assert trust.query("select count(*) from pg_roles where rolname = 'acc_new_login'") == [(0,)]


def test_a_view_on_a_mart_survives_a_rebuild_and_reads_the_new_data(trust):
    mart = "marts_product.fct_active_users_daily"
    trust.query("drop schema if exists analyst cascade")
    trust.query("create schema analyst")
    trust.query(f"create view analyst.daily_users with (security_barrier) as select activity_date, dau from {mart}"
                " where account_filter = 'all_accounts' and intent_category = 'all'")
    trust.query("create view analyst.latest_day as select max(activity_date) as latest from analyst.daily_users")
    trust.query("comment on view analyst.daily_users is 'an analyst''s view'")
    view_oid = trust.query("select 'analyst.daily_users'::regclass::oid")[0][0]
    try:
        assert trust.query("select latest::text from analyst.latest_day") == [("2026-10-31",)]
        earlier = cli("build", "--select", "fct_active_users_daily", "--vars", '{"as_of_date": "2026-10-15"}',
                      env=trust.env)
        assert earlier.exit_code == 0, earlier.output
        # the same view (oid, options, comment), now reading the new version of the mart
        assert trust.query("select 'analyst.daily_users'::regclass::oid")[0][0] == view_oid
        assert trust.query("select reloptions from pg_class where oid = %s", (view_oid,)) == [(["security_barrier=true"],)]
        assert trust.query("select obj_description(%s, 'pg_class')", (view_oid,)) == [("an analyst's view",)]
        assert trust.query("select latest::text from analyst.latest_day") == [("2026-10-15",)]
        assert trust.query("select count(*) from analyst.daily_users") == trust.query(
            f"select count(*) from {mart} where account_filter = 'all_accounts' and intent_category = 'all'")
    finally:
        restored = cli("build", "--select", "fct_active_users_daily", "--vars", VARS, env=trust.env)
        trust.query("drop schema analyst cascade")
    assert restored.exit_code == 0, restored.output


def test_a_rebuild_that_cannot_keep_a_dependent_fails_naming_it(trust):
    mart = "marts_product.fct_onboarding_funnel"
    trust.query("drop schema if exists analyst cascade")
    trust.query("create schema analyst")
    trust.query(f"create materialized view analyst.funnel_copy as select * from {mart}")
    before = trust.query(f"select 'x' || count(*) from {mart}")
    try:
        result = cli("build", "--select", "fct_onboarding_funnel", "--vars", VARS, env=trust.env)
        assert result.exit_code == 1, result.output
        assert "FAILED model fct_onboarding_funnel" in result.output
        assert "the materialized view analyst.funnel_copy reads it" in result.output
        # nothing was dropped: the matview and the old version are both there
        assert trust.query("select count(*) from analyst.funnel_copy")[0][0] > 0
        assert trust.query(f"select 'x' || count(*) from {mart}") == before
    finally:
        trust.query("drop schema analyst cascade")
    assert cli("build", "--select", "fct_onboarding_funnel", "--vars", VARS, env=trust.env).exit_code == 0


def test_the_swap_lock_timeout_never_outlives_the_swap(trust, project_copy):
    """The post-hook of a mart runs after its swap, in the same transaction: it must see the
    session's lock_timeout, after a swap that failed (readers held the mart too long) as
    after one that succeeded."""
    model = project_copy / "models" / "marts" / "org" / "dim_organizations.sql"
    model.write_text(
        "{{ config(post_hook=\"insert into public.lock_timeout_seen select current_setting('lock_timeout')\") }}\n"
        + model.read_text()
    )
    trust.query("drop table if exists public.lock_timeout_seen")
    trust.query("create table public.lock_timeout_seen (value text)")
    short_wait = '{"as_of_date": "2026-10-31", "swap_max_wait_seconds": 1}'
    try:
        with psycopg.connect(**trust.target().conninfo()) as reader:  # a transaction that keeps reading
            reader.execute("select count(*) from marts_org.dim_organizations").fetchone()
            failed = cli("build", "--select", "dim_organizations", "--vars", short_wait, env=trust.env)
            reader.rollback()
        assert failed.exit_code == 1, failed.output
        assert "could not swap in the new version of" in failed.output
        built = cli("build", "--select", "dim_organizations", "--vars", short_wait, env=trust.env)
        assert built.exit_code == 0, built.output
        assert trust.query("select value from public.lock_timeout_seen") == [("0",)]
    finally:
        trust.query("drop table public.lock_timeout_seen")


def test_access_works_on_a_warehouse_that_was_never_built(new_home):
    env = {"RUNNER_HOME": str(new_home("access-fresh"))}
    granted = cli("access", "grant", "acc_first_login", "--affiliate", "AFF00009", env=env)
    assert granted.exit_code == 0, granted.output
    assert "installing the BI roles and tenant grants" in granted.output
    assert "affiliate AFF00009 has no rows" in granted.output  # nothing is built yet: said, not refused
    listed = cli("access", "list", env=env)
    assert re.search(r"acc_first_login\s.*affiliate AFF00009", listed.output), listed.output

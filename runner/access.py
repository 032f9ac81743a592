"""`runner access`: which tenant rows a BI login may read.

What a login sees is decided by the database from who the login is: its rows in
`tenant_access.tenant_grants` (and those of the roles it belongs to) for the tenant marts,
membership of `bi_admin` for every tenant. The table, the function the policies call and
the roles are created by the build (macros/security/); on a warehouse that was never built,
the first `runner access` command installs them with `dbt run-operation install_tenant_access`.
No session setting is read anywhere, so nothing a reader runs can widen what it sees.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql
from rich.console import Console
from rich.table import Table

from runner import dbt
from runner.config import Target
from runner.db import connect
from runner.errors import RunnerError

# tenant kind -> (the mart column it isolates, the dimension that lists its tenants)
KINDS = {
    "org": ("org_id", "marts_org.dim_organizations"),
    "affiliate": ("affiliate_id", "marts_affiliate.gold_affiliate_customer_funnel"),
}
GROUP_ROLES = ("bi_reader", "bi_admin")


@dataclass
class Request:
    """One grant or revoke: a login and the tenants (or every tenant)."""

    login: str
    orgs: tuple[str, ...] = ()
    affiliates: tuple[str, ...] = ()
    everything: bool = False
    password: str | None = None

    @property
    def tenants(self) -> list[tuple[str, str]]:
        return [("org", value) for value in self.orgs] + [("affiliate", value) for value in self.affiliates]

    def describe(self) -> str:
        parts = [f"org {value}" for value in self.orgs] + [f"affiliate {value}" for value in self.affiliates]
        if self.everything:
            parts.append("every tenant (bi_admin)")
        return ", ".join(parts)


@dataclass
class LoginAccess:
    login: str
    can_login: bool
    groups: list[str] = field(default_factory=list)
    tenants: dict[str, list[str]] = field(default_factory=dict)
    admin: bool = False
    superuser: bool = False

    def sees(self) -> str:
        if self.superuser:
            return "every row (superuser)"
        if self.admin:
            return "every tenant (bi_admin)"
        parts = [f"{kind} {', '.join(values)}" for kind, values in sorted(self.tenants.items()) if values]
        return "; ".join(parts) if parts else "no tenant rows (marts without a tenant column only)"


def validate(request: Request) -> Request:
    """Check the request before touching the database; a bad value is one line, exit 2."""
    if not (request.tenants or request.everything):
        raise RunnerError("say which tenants: --org ID, --affiliate ID or --all", "e.g. runner access grant dealer_dash --org 1")
    login = request.login
    if not login or len(login) > 63 or not login.isprintable():
        raise RunnerError(f"'{login}' is not a role name (1 to 63 printable characters)", "e.g. dealer_dash")
    if login in GROUP_ROLES or login.startswith("pg_"):
        raise RunnerError(f"'{login}' is a group or system role, not a BI login", "name the login a BI tool connects as")
    for value in request.orgs:
        if not value.isdigit():
            raise RunnerError(f"--org takes an organization id (an integer), got '{value}'", "e.g. --org 1")
    for value in request.affiliates:
        if not value.strip() or value != value.strip():
            raise RunnerError(f"--affiliate takes an affiliate id, got '{value}'", "e.g. --affiliate AFF00001")
    return request


def read_password_file(path: str) -> str:
    try:
        text = Path(path).read_text()
    except OSError as exc:
        raise RunnerError(f"cannot read the password file {path}: {exc.strerror}", "give a readable file") from exc
    password = text.rstrip("\r\n")
    if not password or "\n" in password:
        raise RunnerError(f"the password file {path} must hold one non-empty line", "write the password on one line")
    return password


def ensure_installed(target: Target, project: Path, conn: psycopg.Connection, out: Console) -> None:
    """Install the roles and the grants table with dbt when the warehouse has never been built."""
    if _installed(conn):
        return
    out.print("installing the BI roles and tenant grants (this warehouse has not been built yet)")
    outcome = dbt.invoke(["run-operation", "install_tenant_access"], target, project, progress=False, console=out)
    if outcome.exit_code or not _installed(conn):
        reason = outcome.crash or "dbt run-operation install_tenant_access failed"
        raise RunnerError(f"cannot install tenant access: {dbt.first_line(reason)}", "run `runner build` once, then try again")


def _installed(conn: psycopg.Connection) -> bool:
    # from the catalogs: to_regclass() needs USAGE on the schema, which the user may lack
    row = conn.execute(
        "select exists (select 1 from pg_proc as p join pg_namespace as n on n.oid = p.pronamespace"
        "               where n.nspname = 'tenant_access' and p.proname = 'granted_tenants')"
        " and exists (select 1 from pg_class as c join pg_namespace as n on n.oid = c.relnamespace"
        "             where n.nspname = 'tenant_access' and c.relname = 'tenant_grants')"
        " and exists (select 1 from pg_roles where rolname = 'bi_reader')"
        " and exists (select 1 from pg_roles where rolname = 'bi_admin')"
    ).fetchone()
    return bool(row[0])


def _me(conn: psycopg.Connection) -> tuple[str, bool, bool]:
    return conn.execute(
        "select current_user::text, rolsuper, rolcreaterole from pg_roles where rolname = current_user"
    ).fetchone()


def _role(conn: psycopg.Connection, login: str):
    return conn.execute(
        "select oid, rolcanlogin, rolsuper, pg_has_role(oid, 'bi_reader', 'MEMBER'),"
        " pg_has_role(oid, 'bi_admin', 'MEMBER') from pg_roles where rolname = %s",
        (login,),
    ).fetchone()


def _admin_sql(request: Request, exists: bool, action: str) -> str:
    """What an administrator runs once where the build user may not manage roles."""
    login = _quote_ident(request.login)
    statements = []
    if action == "grant":
        if not exists:
            statements.append(f"create role {login} login password '<choose one>' in role bi_reader")
        for kind, value in request.tenants:
            statements.append(
                "insert into tenant_access.tenant_grants (grantee, tenant_kind, tenant_id)"
                f" values ('{_quote_literal(login)}'::regrole, '{kind}', '{_quote_literal(value)}') on conflict do nothing"
            )
        if request.everything:
            statements.append(f"grant bi_admin to {login}")
    else:
        for kind, value in request.tenants:
            statements.append(
                "delete from tenant_access.tenant_grants where grantee = "
                f"'{_quote_literal(login)}'::regrole and tenant_kind = '{kind}' and tenant_id = '{_quote_literal(value)}'"
            )
        if request.everything:
            statements.append(f"revoke bi_admin from {login}")
    return "; ".join(statements) + ";"


def _require_role_manager(conn: psycopg.Connection, target: Target, request: Request, exists: bool, action: str) -> str:
    me, superuser, createrole = _me(conn)
    if not (superuser or createrole):
        raise RunnerError(
            f"{me} may not manage roles on {target.where} (target {target.name}), so it cannot {action} access",
            f"an administrator runs once: {_admin_sql(request, exists, action)}",
        )
    return me


def grant(target: Target, project: Path, request: Request, out: Console) -> int:
    request = validate(request)
    with connect(target) as conn:
        role = _role(conn, request.login)
        me = _require_role_manager(conn, target, request, role is not None, "grant")
        ensure_installed(target, project, conn, out)
        created_password = None
        with conn.transaction():
            if role is None:
                created_password = request.password or secrets.token_urlsafe(18)
                conn.execute(
                    sql.SQL("create role {} login password {} in role bi_reader").format(
                        sql.Identifier(request.login), sql.Literal(created_password)
                    )
                )
                role = _role(conn, request.login)
            oid, _, superuser, reader, _ = role
            if superuser:
                raise RunnerError(f"{request.login} is a superuser: it reads every row already", "grant access to a BI login instead")
            if not reader:
                conn.execute(sql.SQL("grant bi_reader to {}").format(sql.Identifier(request.login)))
            for kind, value in request.tenants:
                conn.execute(
                    "insert into tenant_access.tenant_grants (grantee, tenant_kind, tenant_id)"
                    " values (%s, %s, %s) on conflict do nothing",
                    (oid, kind, value),
                )
            if request.everything:
                conn.execute(sql.SQL("grant bi_admin to {}").format(sql.Identifier(request.login)))
        if created_password is not None and request.password is None:
            out.print(f"created login {request.login} (member of bi_reader)")
            out.print(f"password (shown once, keep it in the BI tool's connection): {created_password}")
        elif created_password is not None:
            out.print(f"created login {request.login} (member of bi_reader) with the password from the file")
        for kind, value in request.tenants:
            if not _tenant_known(conn, kind, value):
                out.print(f"note: {kind} {value} has no rows in {KINDS[kind][1]} yet; the grant applies once it does")
        out.print(f"{request.login} may now read {request.describe()} (granted by {me})")
        _warn_temp(conn, out)
    return 0


def revoke(target: Target, project: Path, request: Request, out: Console) -> int:
    request = validate(request)
    with connect(target) as conn:
        role = _role(conn, request.login)
        if role is None:
            raise RunnerError(f"no role named {request.login}", "see `runner access list`")
        _require_role_manager(conn, target, request, True, "revoke")
        ensure_installed(target, project, conn, out)
        oid = role[0]
        me = _me(conn)[0]
        if request.everything and request.login == me:
            raise RunnerError(f"{me} builds the marts and must stay in bi_admin", "revoke a BI login's access instead")
        removed = 0
        with conn.transaction():
            for kind, value in request.tenants:
                removed += conn.execute(
                    "delete from tenant_access.tenant_grants where grantee = %s and tenant_kind = %s and tenant_id = %s",
                    (oid, kind, value),
                ).rowcount
            if request.everything and role[4]:
                conn.execute(sql.SQL("revoke bi_admin from {}").format(sql.Identifier(request.login)))
        access = _access(conn, request.login)
    if request.tenants and not removed and not request.everything:
        out.print(f"{request.login} had no grant of {request.describe()}; nothing changed")
    else:
        out.print(f"{request.login} may no longer read {request.describe()}")
    if access is not None:
        out.print(f"{request.login} now sees: {access.sees()}")
    return 0


def list_access(target: Target, project: Path, out: Console) -> int:
    with connect(target) as conn:
        ensure_installed(target, project, conn, out)
        logins = _all_access(conn)
        _warn_temp(conn, out)
    table = Table(title=f"BI logins on {target.where}")
    table.add_column("login")
    table.add_column("member of")
    table.add_column("may read")
    for access in logins:
        name = access.login + ("" if access.can_login else " (group)")
        table.add_row(name, ", ".join(access.groups) or "-", access.sees())
    out.print(table)
    if not logins:
        out.print("no BI logins yet: runner access grant LOGIN --org ID | --affiliate ID | --all")
    return 0


def _access(conn: psycopg.Connection, login: str) -> LoginAccess | None:
    for access in _all_access(conn):
        if access.login == login:
            return access
    return None


def _all_access(conn: psycopg.Connection) -> list[LoginAccess]:
    """Every role that reads the marts or holds a grant, with what it may see."""
    rows = conn.execute(
        """
        with readers as (
            select roles.oid, roles.rolname, roles.rolcanlogin, roles.rolsuper
            from pg_roles as roles
            where roles.rolname not in ('bi_reader', 'bi_admin')
                and (
                    (pg_has_role(roles.oid, 'bi_reader', 'MEMBER') and not roles.rolsuper)
                    or roles.oid in (select grants.grantee from tenant_access.tenant_grants as grants)
                )
        )
        select
            readers.rolname::text,
            readers.rolcanlogin,
            readers.rolsuper,
            pg_has_role(readers.oid, 'bi_admin', 'MEMBER'),
            array(
                select parents.rolname::text from pg_auth_members as members
                inner join pg_roles as parents on members.roleid = parents.oid
                where members.member = readers.oid order by 1
            ),
            array(
                select grants.tenant_kind || ':' || grants.tenant_id
                from tenant_access.tenant_grants as grants
                where grants.grantee in (
                    select roles.oid from pg_roles as roles where pg_has_role(readers.oid, roles.oid, 'MEMBER')
                )
                order by grants.tenant_kind, grants.tenant_id
            )
        from readers
        order by 1
        """
    ).fetchall()
    logins = []
    for name, can_login, superuser, admin, groups, grants in rows:
        tenants: dict[str, list[str]] = {}
        for item in grants:
            kind, value = item.split(":", 1)
            if value not in tenants.setdefault(kind, []):
                tenants[kind].append(value)
        logins.append(LoginAccess(name, can_login, list(groups), tenants, admin, superuser))
    return logins


def _tenant_known(conn: psycopg.Connection, kind: str, value: str) -> bool:
    column, relation = KINDS[kind]
    if conn.execute("select to_regclass(%s)", (relation,)).fetchone()[0] is None:
        return False
    query = sql.SQL("select exists (select 1 from {} where {}::text = %s)").format(
        sql.Identifier(*relation.split(".")), sql.Identifier(column)
    )
    return bool(conn.execute(query, (value,)).fetchone()[0])


def _warn_temp(conn: psycopg.Connection, out: Console) -> None:
    """Temporary tables cannot widen what a reader sees, but a reader should create nothing."""
    if conn.execute("select has_database_privilege('public', current_database(), 'TEMP')").fetchone()[0]:
        database = conn.execute("select current_database()").fetchone()[0]
        out.print(
            f"note: every role may create temporary tables in {database}; an administrator can run"
            f" `revoke temporary on database {_quote_ident(database)} from public` (and grant it to the build users)"
        )


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(value: str) -> str:
    return value.replace("'", "''")

"""What a build can skip: the domains with nothing new since their last successful build.

A node's domains are the source systems it reads, transitively: the manifest's depends_on
walked through models, snapshots and seeds down to sources (a source's system is its dbt
source name: app, spendsense, finance, aiop, affiliate). A test's domains are its parents'.
A node that reads no source (a seed, its tests) is in the group `seeds`.

A node is skipped when all of these hold against the record of the last build that built it
successfully (nothing unknown: any doubt builds it):

  - sources: every source system it reads has the same fingerprint as when that build started.
    PostgreSQL: per source table its oid and columns (names, types, NOT NULL), and per table
    or leaf partition its filenode (a TRUNCATE or a rewrite changes it) and
    pg_stat_all_tables' n_tup_ins, n_tup_upd and n_tup_del (inserts, updates, deletes; also
    those of transactions that rolled back). A missing table or a view is unknown.
    PostgreSQL publishes a session's counts when the session ends, or when it goes idle at
    least a second after it last published them; counts left pending that way are published
    within 10 s. So a change committed moments before a build by a session that is still
    open may be seen only by the next build; a loader that disconnects is always seen.
    DuckDB (the built-in target): the sources are a copy of the embedded PostgreSQL's, so
    they are unchanged while the copy's mark (sources replaced) is absent; on another
    DuckDB target they are unknown.
  - vars: the build's vars with the project's defaults filled in are equal, an empty
    as_of_date taken as today's date in the reporting time zone (and for a node that works
    in each row's own time zone, or reads one that does, as the last midnight of any time
    zone). test_scope is left out: it decides what is tested, not what is built.
  - code: the node's manifest entry (its SQL checksum, config, columns, tests' arguments)
    and that of everything upstream, every macro, the on-run hooks, the dbt version.
  - its table or view is still the one that build left (PostgreSQL: oid and filenode;
    DuckDB: it exists): one dropped, or rebuilt by something other than `runner build`, is
    built again.

A node that is built is built with everything downstream of it, and a test runs when any
model it tests is built (dbt's eager indirect selection of `--select`; `--exclude` would
drop a test as soon as one of its models is excluded). The nodes to build are passed to dbt
as `--select source:<system>+` for a whole domain and by name for the rest.

The record lives in the warehouse, so a reset database forgets it with everything else:
PostgreSQL tables `runner_state.builds` and `runner_state.nodes`, and the same in the DuckDB
file. A build marks itself unfinished before dbt starts and finished after; it records a
domain's nodes only when every node of that domain it ran passed (warnings included), and
forgets the whole domain otherwise. A build that crashed, was interrupted or never finished
makes the next one build everything.

This module reads manifest JSON (runner/dbt.py turns dbt's manifest into it): only
runner/dbt.py imports dbt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from runner.config import DUCKDB_TARGET, Target
from runner.sources import SYSTEMS

STATE_SCHEMA = "runner_state"
BUILT = ("model", "seed", "snapshot")
TESTS = ("test", "unit_test")
PASSED = {"success", "pass", "warn", "no-op"}
# what says where or when it was parsed, not what it builds
VOLATILE = ("created_at", "root_path", "build_path", "compiled_path")
# vars that decide what is tested, not what is built
IGNORED_VARS = ("test_scope",)
# a call of as_of_date (or end_of_as_of_date) with a time zone of its own: the rows' zones
ZONED_AS_OF = re.compile(r"as_of_date\(\s*[^)\s]")
SEEDS_GROUP = "seeds"
NO_SOURCE_GROUP = "no source"

STATE_DDL = (
    f"create schema if not exists {STATE_SCHEMA}",
    f"create table if not exists {STATE_SCHEMA}.builds ("
    " target_key varchar not null, build_id varchar not null, started_at timestamptz not null,"
    " finished boolean not null, primary key (target_key, build_id))",
    f"create table if not exists {STATE_SCHEMA}.nodes ("
    " target_key varchar not null, unique_id varchar not null, build_id varchar not null,"
    " built_at timestamptz not null, code varchar not null, vars varchar not null, sources varchar not null,"
    " relation varchar, primary key (target_key, unique_id))",
)


# ----- the manifest as a graph -----------------------------------------------------------------


@dataclass
class Node:
    unique_id: str
    resource_type: str
    name: str
    parents: list[str]
    domains: frozenset = frozenset()
    seeded: bool = False
    zoned: bool = False
    code: str = ""
    relation: tuple[str, str] | None = None  # (schema, name) of the table or view it builds

    @property
    def ephemeral(self) -> bool:
        """Compiled into its readers, never run: it changes with them (their code digests
        hold its code, their domains its sources), never on its own."""
        return self.resource_type == "model" and self.relation is None

    @property
    def group(self) -> str:
        if self.domains:
            return "+".join(sorted(self.domains, key=_system_order))
        return SEEDS_GROUP if self.seeded else NO_SOURCE_GROUP


def _system_order(system: str) -> tuple[int, str]:
    return (SYSTEMS.index(system) if system in SYSTEMS else len(SYSTEMS), system)


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def _entry(item: dict) -> dict:
    return {key: value for key, value in item.items() if key not in VOLATILE}


class Graph:
    """The nodes a build runs (seeds, snapshots, models, data and unit tests), each with its
    domains, its code digest (itself and everything upstream) and its relation."""

    def __init__(self, manifest: dict):
        self.manifest = manifest
        self.project = (manifest.get("metadata") or {}).get("project_name") or "project"
        # the run history (meta.run_history) is written by every build: the views on it
        # follow it without a rebuild, so it is no input whose change calls for one
        self.sources = {uid: source for uid, source in (manifest.get("sources") or {}).items()
                        if not _run_history(source)}
        items = {uid: node for uid, node in (manifest.get("nodes") or {}).items()
                 if node.get("resource_type") in BUILT + TESTS}
        items.update({uid: test for uid, test in (manifest.get("unit_tests") or {}).items()})
        self.nodes: dict[str, Node] = {}
        for uid, item in items.items():
            parents = [parent for parent in ((item.get("depends_on") or {}).get("nodes") or [])
                       if parent in items or parent in self.sources]
            config = item.get("config") or {}
            relation = None
            if item.get("resource_type") in BUILT and config.get("materialized") != "ephemeral":
                relation = (str(item.get("schema")), str(item.get("alias") or item.get("name")))
            self.nodes[uid] = Node(uid, item.get("resource_type"), item.get("name"), parents, relation=relation)
        self._items = items
        self._global = _digest({
            "dbt": (manifest.get("metadata") or {}).get("dbt_version"),
            "adapter": (manifest.get("metadata") or {}).get("adapter_type"),
            "macros": {uid: macro.get("macro_sql") for uid, macro in (manifest.get("macros") or {}).items()},
            "hooks": {uid: _entry(node) for uid, node in (manifest.get("nodes") or {}).items()
                      if node.get("resource_type") == "operation"},
        })
        for uid in self._topological():
            self._resolve(uid)
        self.children: dict[str, list[str]] = {uid: [] for uid in self.nodes}
        for node in self.nodes.values():
            for parent in node.parents:
                if parent in self.children:
                    self.children[parent].append(node.unique_id)

    def _topological(self) -> list[str]:
        order: list[str] = []
        seen: set[str] = set()
        for start in self.nodes:
            stack = [(start, False)]
            while stack:
                uid, expanded = stack.pop()
                if expanded:
                    order.append(uid)
                    continue
                if uid in seen:
                    continue
                seen.add(uid)
                stack.append((uid, True))
                stack.extend((parent, False) for parent in self.nodes[uid].parents
                             if parent in self.nodes and parent not in seen)
        return order

    def _resolve(self, uid: str) -> None:
        node = self.nodes[uid]
        item = self._items[uid]
        domains: set[str] = set()
        parent_codes = []
        node.seeded = node.resource_type == "seed"
        node.zoned = bool(ZONED_AS_OF.search(str(item.get("raw_code") or "")))
        for parent in node.parents:
            if parent in self.sources:
                domains.add(str(self.sources[parent].get("source_name")))
                parent_codes.append(_digest(_entry(self.sources[parent])))
            else:
                upstream = self.nodes[parent]
                domains |= upstream.domains
                node.seeded = node.seeded or upstream.seeded
                node.zoned = node.zoned or upstream.zoned
                parent_codes.append(upstream.code)
        node.domains = frozenset(domains)
        node.code = _digest([self._global, _entry(item), sorted(parent_codes)])

    def systems(self) -> dict[str, list[dict]]:
        """The source tables of each system (dbt source name), as the manifest declares them."""
        systems: dict[str, list[dict]] = {}
        for uid, source in sorted(self.sources.items()):
            systems.setdefault(str(source.get("source_name")), []).append({"unique_id": uid, **source})
        return systems

    def descendants(self, roots: set[str]) -> set[str]:
        found = set(roots)
        stack = list(roots)
        while stack:
            for child in self.children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found


def _run_history(source: dict) -> bool:
    metas = (source.get("source_meta"), source.get("meta"), (source.get("config") or {}).get("meta"))
    return any(bool((meta or {}).get("run_history")) for meta in metas)


# ----- vars --------------------------------------------------------------------------------------


def effective_vars(defaults: dict, given: dict, now: datetime | None = None) -> tuple[dict, dict]:
    """(vars of a node, vars of a node that works in each row's own time zone): the project's
    defaults with the build's vars over them, compared as text, test_scope left out, an
    empty as_of_date resolved to today."""
    now = now or datetime.now(timezone.utc)
    values = {**defaults, **given}
    plain = {name: "" if value is None else str(value) for name, value in values.items() if name not in IGNORED_VARS}
    if plain.get("as_of_date", "").strip():
        return plain, plain
    try:
        zone = ZoneInfo(plain.get("reporting_timezone") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = timezone.utc
    plain["as_of_date"] = f"today ({now.astimezone(zone).date()})"
    zoned = dict(plain)
    zoned["as_of_date_in_every_zone"] = last_midnight_anywhere(now).isoformat()
    return plain, zoned


def last_midnight_anywhere(now: datetime) -> datetime:
    """The last instant at which the date changed in some time zone: two instants with the
    same value have the same local date everywhere."""
    latest = None
    for name in available_timezones():
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        midnight = datetime.combine(now.astimezone(zone).date(), time(0), tzinfo=zone).astimezone(timezone.utc)
        if midnight <= now and (latest is None or midnight > latest):
            latest = midnight
    return latest or now.replace(hour=0, minute=0, second=0, microsecond=0)


def _vars_change(before: str, after: str) -> str:
    old, new = json.loads(before), json.loads(after)
    changed = [name for name in sorted(set(old) | set(new)) if old.get(name) != new.get(name)]
    shown = [f"{name} {old.get(name, '(unset)') or '(empty)'} -> {new.get(name, '(unset)') or '(empty)'}"
             for name in changed[:3]]
    return ", ".join(shown) + (", ..." if len(changed) > 3 else "")


# ----- the record --------------------------------------------------------------------------------


@dataclass
class Record:
    build_id: str
    built_at: datetime
    code: str
    vars: str
    sources: str
    relation: str | None


class Store:
    """The record of past builds in the warehouse, and the fingerprints of what is there now."""

    placeholder = "%s"
    # DuckDB's sources change only by a copy made under the build lock: fingerprint them after
    # the build (when it has cleared the copy's mark), PostgreSQL's before it
    sources_after_build = False

    def connection(self):  # pragma: no cover - each engine has its own
        raise NotImplementedError

    def _sql(self, statement: str) -> str:
        return statement.replace("%s", self.placeholder)

    def records(self, key: str) -> tuple[dict[str, Record], list[datetime]]:
        """The node records of a target, and the starts of builds that never finished (whose
        records are then forgotten)."""
        with self.connection() as conn:
            if conn is None or not self._has_state(conn):
                return {}, []
            unfinished = [row[0] for row in conn.execute(self._sql(
                f"select started_at from {STATE_SCHEMA}.builds where target_key = %s and not finished"), [key]).fetchall()]
            if unfinished:
                self._forget(conn, key, None)
                return {}, unfinished
            rows = conn.execute(self._sql(
                f"select unique_id, build_id, built_at, code, vars, sources, relation from {STATE_SCHEMA}.nodes"
                " where target_key = %s"), [key]).fetchall()
        return {row[0]: Record(*row[1:]) for row in rows}, []

    def begin(self, key: str, build_id: str, started_at: datetime) -> None:
        with self.connection(create=True) as conn:
            if not self._has_state(conn):  # (creating a schema needs a privilege using one does not)
                for statement in STATE_DDL:
                    conn.execute(statement)
            conn.execute(self._sql(f"insert into {STATE_SCHEMA}.builds values (%s, %s, %s, false)"),
                         [key, build_id, started_at])

    def finish(self, key: str, build_id: str, upserts: list[tuple], forget: set[str] | None) -> None:
        """Record (unique_id, built_at, code, vars, sources, relation) rows, forget the nodes in
        `forget` (None: every node of the target), and mark the build finished."""
        with self.connection(create=True) as conn, self._transaction(conn):
            self._forget(conn, key, forget)
            self._delete_ids(conn, key, [row[0] for row in upserts])
            self._insert(conn, [[key, row[0], build_id, *row[1:]] for row in upserts])
            conn.execute(self._sql(f"delete from {STATE_SCHEMA}.builds where target_key = %s and build_id = %s"),
                         [key, build_id])

    def _forget(self, conn, key: str, uids: set[str] | None) -> None:
        if uids is None:
            conn.execute(self._sql(f"delete from {STATE_SCHEMA}.nodes where target_key = %s"), [key])
            conn.execute(self._sql(f"delete from {STATE_SCHEMA}.builds where target_key = %s and not finished"), [key])
        else:
            self._delete_ids(conn, key, sorted(uids))

    def _delete_ids(self, conn, key: str, uids: list[str]) -> None:
        if uids:
            conn.execute(self._sql(f"delete from {STATE_SCHEMA}.nodes where target_key = %s"
                                   f" and unique_id in (select unnest(%s))"), [key, list(uids)])

    def _insert(self, conn, rows: list[list]) -> None:
        raise NotImplementedError

    def _transaction(self, conn):
        raise NotImplementedError

    def _has_state(self, conn) -> bool:
        raise NotImplementedError

    def source_fingerprints(self, graph: Graph) -> dict[str, tuple[str | None, str]]:
        """Per source system: (fingerprint, "") or (None, why it is unknown)."""
        raise NotImplementedError

    def relations(self, graph: Graph) -> dict[str, str | None]:
        """Per node with a relation: what identifies that relation now (None: missing)."""
        raise NotImplementedError


class PostgresStore(Store):
    """On PostgreSQL, through the build lock's own connection (autocommit)."""

    def __init__(self, conn, dbname: str):
        self.conn = conn
        self.dbname = dbname

    @contextlib.contextmanager
    def connection(self, create: bool = False):
        yield self.conn

    def _has_state(self, conn) -> bool:
        return conn.execute("select to_regclass(%s) is not null and to_regclass(%s) is not null",
                            (f"{STATE_SCHEMA}.nodes", f"{STATE_SCHEMA}.builds")).fetchone()[0]

    def source_fingerprints(self, graph: Graph) -> dict[str, tuple[str | None, str]]:
        systems = graph.systems()
        tables = [source for sources in systems.values() for source in sources]
        rows = self.conn.execute(
            "with wanted as ("
            " select * from unnest(%s::text[], %s::text[], %s::text[]) as w (uid, nsp, rel)"
            "), rels as ("
            " select w.uid, c.oid, c.relkind, ("
            "  select md5(string_agg(format('%%s %%s %%s %%s', a.attname, a.atttypid, a.atttypmod, a.attnotnull), ','"
            "   order by a.attnum)) from pg_attribute as a"
            "  where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped"
            " ) as columns from wanted as w"
            " left join pg_namespace as n on n.nspname = w.nsp"
            " left join pg_class as c on c.relnamespace = n.oid and c.relname = w.rel"
            "), parts as ("
            " select r.uid, r.oid, r.relkind, r.columns, p.relid from rels as r"
            " left join lateral ("
            "  select t.relid from pg_partition_tree(r.oid) as t where r.relkind = 'p' and t.isleaf"
            "  union all select r.oid where r.relkind = 'r'"
            " ) as p on true"
            ")"
            " select parts.uid, parts.oid::bigint, parts.relkind::text, parts.columns, parts.relid::bigint,"
            " pg_relation_filenode(parts.relid)::bigint, s.n_tup_ins, s.n_tup_upd, s.n_tup_del"
            " from parts left join pg_stat_all_tables as s on s.relid = parts.relid"
            " order by 1, 5",
            ([t["unique_id"] for t in tables], [str(t.get("schema")) for t in tables],
             [str(t.get("identifier") or t.get("name")) for t in tables]),
        ).fetchall()
        found: dict[str, list] = {}
        for uid, *values in rows:
            found.setdefault(uid, []).append(values)
        fingerprints: dict[str, tuple[str | None, str]] = {}
        for system, sources in systems.items():
            why = ""
            for source in sources:
                name = f"{source.get('schema')}.{source.get('identifier') or source.get('name')}"
                parts = found.get(source["unique_id"]) or [[None, None]]
                if str(source.get("database") or self.dbname) != self.dbname:
                    why = f"{name} is in another database"
                elif parts[0][0] is None:
                    why = f"{name} does not exist"
                elif parts[0][1] not in ("r", "p"):
                    why = f"{name} is not a table (its rows cannot be fingerprinted)"
                if why:
                    break
            fingerprints[system] = (None, why) if why else (_digest({s["unique_id"]: found.get(s["unique_id"]) for s in sources}), "")
        return fingerprints

    def relations(self, graph: Graph) -> dict[str, str | None]:
        nodes = [node for node in graph.nodes.values() if node.relation]
        rows = self.conn.execute(
            "select w.uid, c.oid::bigint, pg_relation_filenode(c.oid)::bigint"
            " from unnest(%s::text[], %s::text[], %s::text[]) as w (uid, nsp, rel)"
            " join pg_namespace as n on n.nspname = w.nsp"
            " join pg_class as c on c.relnamespace = n.oid and c.relname = w.rel",
            ([n.unique_id for n in nodes], [n.relation[0] for n in nodes], [n.relation[1] for n in nodes]),
        ).fetchall()
        found = {uid: f"{oid}:{filenode if filenode is not None else ''}" for uid, oid, filenode in rows}
        return {node.unique_id: found.get(node.unique_id) for node in nodes}

    def _transaction(self, conn):
        return conn.transaction()

    def _delete_ids(self, conn, key: str, uids: list[str]) -> None:
        if uids:
            conn.execute(f"delete from {STATE_SCHEMA}.nodes where target_key = %s and unique_id = any(%s)", [key, list(uids)])

    def _insert(self, conn, rows: list[list]) -> None:
        if rows:
            with conn.cursor() as cursor:
                cursor.executemany(f"insert into {STATE_SCHEMA}.nodes values (%s, %s, %s, %s, %s, %s, %s, %s)", rows)


class DuckDBStore(Store):
    """In the DuckDB file itself, opened only while dbt is not running."""

    placeholder = "?"
    sources_after_build = True

    def __init__(self, target: Target, builtin: bool):
        from runner.engines import duckdb as engine

        self.path = engine.database_file(target)
        self.builtin = builtin

    @contextlib.contextmanager
    def connection(self, create: bool = False):
        from runner.engines import duckdb as engine

        engine.release_dbt_connections()
        if not create and not self.path.exists():
            yield None
            return
        conn = engine.connect(self.path)
        try:
            yield conn
        finally:
            conn.close()

    def _has_state(self, conn) -> bool:
        return conn.execute(
            "select count(*) = 2 from duckdb_tables() where database_name = current_database()"
            " and schema_name = ? and table_name in ('nodes', 'builds')", [STATE_SCHEMA]).fetchone()[0]

    @contextlib.contextmanager
    def _transaction(self, conn):
        conn.execute("begin transaction")
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):
                conn.execute("rollback")
            raise
        conn.execute("commit")

    def _insert(self, conn, rows: list[list]) -> None:
        if rows:
            columns = list(zip(*rows))
            conn.execute(
                f"insert into {STATE_SCHEMA}.nodes select unnest(?), unnest(?), unnest(?), unnest(?::timestamptz[]),"
                " unnest(?), unnest(?), unnest(?), unnest(?::varchar[])",
                [list(column) for column in columns])

    def source_fingerprints(self, graph: Graph) -> dict[str, tuple[str | None, str]]:
        from runner.engines import duckdb as engine

        if not self.builtin:
            why = "the sources of a DuckDB target other than the built-in one are not fingerprinted"
        elif engine.sources_replaced(self.path):
            why = "the sources were copied anew"
        else:
            why = ""
        return {system: ((None, why) if why else ("not copied again", "")) for system in graph.systems()}

    def relations(self, graph: Graph) -> dict[str, str | None]:
        nodes = [node for node in graph.nodes.values() if node.relation]
        with self.connection() as conn:
            present = set() if conn is None else {tuple(row) for row in conn.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = current_database()"
                " union all select schema_name, view_name from duckdb_views()"
                " where database_name = current_database() and not internal").fetchall()}
        return {node.unique_id: ("present" if node.relation in present else None) for node in nodes}


def store_for(target: Target, lock_conn, project) -> Store | None:
    """The record's store on a target, or None where builds are not recorded (a DuckDB
    target in memory)."""
    if target.engine == "postgres":
        return PostgresStore(lock_conn, target.dbname)
    if target.path is None or target.engine == "spark":  # Spark: every build builds everything
        return None
    from runner.engines import duckdb as engine

    builtin = target.name == DUCKDB_TARGET and target.profiles_dir.resolve() == engine.state_dir(project).resolve()
    return DuckDBStore(target, builtin)


# ----- the plan ----------------------------------------------------------------------------------


@dataclass
class Plan:
    """What one build runs and skips, and why; and what it records when it ends."""

    graph: Graph
    key: str
    build_id: str
    started_at: datetime
    vars_plain: str
    vars_zoned: str
    sources: dict[str, tuple[str | None, str]]
    forced: str | None = None
    run: set[str] = field(default_factory=set)
    reasons: dict[str, str] = field(default_factory=dict)
    records: dict[str, Record] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> set[str]:
        return set(self.graph.nodes) - self.run

    @property
    def nothing_to_run(self) -> bool:
        return not self.run

    def node_vars(self, node: Node) -> str:
        return self.vars_zoned if node.zoned else self.vars_plain

    def node_sources(self, node: Node, sources: dict | None = None) -> str | None:
        sources = self.sources if sources is None else sources
        values = {}
        for system in sorted(node.domains):
            fingerprint, _ = sources.get(system, (None, ""))
            if fingerprint is None:
                return None
            values[system] = fingerprint
        return _digest(values)

    def select_args(self) -> list[str]:
        """dbt's --select for the nodes to run: nothing when every node runs."""
        if self.forced or not self.skipped:
            return []
        selectors: list[str] = []
        covered: set[str] = set()
        domains = sorted({system for node in self.graph.nodes.values() for system in node.domains}, key=_system_order)
        for system in domains:
            members = {uid for uid, node in self.graph.nodes.items() if system in node.domains}
            if members <= self.run:
                selectors.append(f"source:{system}+")
                covered |= members
        for uid in sorted(self.run - covered):
            node = self.graph.nodes[uid]
            if node.resource_type in TESTS and any(parent in self.run for parent in node.parents):
                continue  # selected with the model it tests
            selectors.append(node.name)
        return ["--select", *selectors]


def plan(
    graph: Graph, store: Store | None, target: Target, defaults: dict, given: dict,
    forced: str | None = None, now: datetime | None = None,
) -> Plan:
    """Decide what to run. `forced` (a reason such as "--all") runs everything but still
    records the build."""
    now = now or datetime.now(timezone.utc)
    plain, zoned = effective_vars(defaults, given, now)
    key = f"{graph.project}/{target.name}/{target.schema}"
    result = Plan(graph=graph, key=key, build_id=uuid.uuid4().hex, started_at=now,
                  vars_plain=json.dumps(plain, sort_keys=True), vars_zoned=json.dumps(zoned, sort_keys=True),
                  sources={}, forced=forced)
    if store is None:
        result.forced = forced or "no record"
        result.run = set(graph.nodes)
        if not forced:
            result.lines.append("building everything: builds on this target are not recorded ("
                                + ("Spark keeps no build record" if target.engine == "spark" else "a DuckDB database in memory")
                                + ")")
        return result
    result.sources = store.source_fingerprints(graph)
    records, unfinished = store.records(key)
    result.records = records
    if forced:
        result.run = set(graph.nodes)
        return result
    if unfinished:
        result.run = set(graph.nodes)
        result.forced = "unfinished"
        result.lines.append(f"building everything: the build of {_when(min(unfinished))} did not finish")
        return result
    relations = store.relations(graph) if records else {}
    for uid, node in graph.nodes.items():
        reason = _why_build(result, node, records.get(uid), relations)
        if reason:
            result.reasons[uid] = reason
    result.run = graph.descendants(set(result.reasons))
    result.lines = _report(result)
    return result


def _why_build(plan: Plan, node: Node, record: Record | None, relations: dict) -> str | None:
    if node.ephemeral:
        return None
    if record is None:
        return "no earlier successful build is recorded"
    sources = plan.node_sources(node)
    if sources is None:
        whys = [plan.sources.get(system, (None, "unknown"))[1] for system in sorted(node.domains)]
        return next((why for why in whys if why), "its sources cannot be fingerprinted")
    if sources != record.sources:
        return f"its sources ({_pattern(node)}) changed since the build of {_when(record.built_at)}"
    current_vars = plan.node_vars(node)
    if current_vars != record.vars:
        return f"the vars changed since the build of {_when(record.built_at)}: {_vars_change(record.vars, current_vars)}"
    if node.code != record.code:
        return f"its code changed since the build of {_when(record.built_at)}"
    if node.relation and relations.get(node.unique_id) != record.relation:
        return "its table or view is missing, or was rebuilt outside `runner build`"
    return None


def _pattern(node: Node) -> str:
    return ", ".join(f"{system}.*" for system in sorted(node.domains, key=_system_order))


def _when(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return f"{moment.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"


KINDS = (("model", "model", "models"), ("snapshot", "snapshot", "snapshots"), ("seed", "seed", "seeds"),
         ("test", "test", "tests"), ("unit_test", "unit test", "unit tests"))


def counts(nodes) -> str:
    """`14 models, 120 tests`: the nodes by kind."""
    by_kind = Counter(node.resource_type for node in nodes)
    return ", ".join(f"{by_kind[kind]} {one if by_kind[kind] == 1 else many}" for kind, one, many in KINDS if by_kind[kind])


def groups(graph: Graph) -> dict[str, list[Node]]:
    """The nodes by domain group: each source system in load order, then the groups that read
    several, then seeds."""
    found: dict[str, list[Node]] = {}
    for node in graph.nodes.values():
        found.setdefault(node.group, []).append(node)

    def order(name: str):
        first = name.split("+")[0]
        return (name in (SEEDS_GROUP, NO_SOURCE_GROUP), "+" in name, _system_order(first), name)

    return {name: found[name] for name in sorted(found, key=order)}


def _report(plan: Plan) -> list[str]:
    reasons = set(plan.reasons.values())
    if not plan.skipped and len(reasons) == 1:
        return [f"building everything: {reasons.pop()}"]
    lines = []
    for name, nodes in groups(plan.graph).items():
        skipped = [node for node in nodes if node.unique_id not in plan.run]
        running = [node for node in nodes if node.unique_id in plan.run]
        if skipped:
            since = _when(min((plan.records[node.unique_id].built_at for node in skipped if node.unique_id in plan.records),
                              default=plan.started_at))
            if name == SEEDS_GROUP:
                unchanged = f"the seed files have not changed since the build of {since}"
            elif name == NO_SOURCE_GROUP:
                unchanged = f"nothing they read has changed since the build of {since}"
            else:
                unchanged = f"its sources ({_pattern(skipped[0])}) have not changed since the build of {since}"
        if not running:
            lines.append(f"skipped {name}: {counts(skipped)} — {unchanged}")
            continue
        reason = _main_reason(plan, running)
        if skipped:
            lines.append(f"skipped part of {name}: {counts(skipped)} — {unchanged}, nor has their code;"
                         f" building {counts(running)}: {reason}")
        else:
            lines.append(f"building {name}: {reason}")
    return lines


def _main_reason(plan: Plan, running: list[Node]) -> str:
    direct = Counter(plan.reasons[node.unique_id] for node in running if node.unique_id in plan.reasons)
    if not direct:
        return "a node it reads is built"
    return direct.most_common(1)[0][0]


# ----- after the build ---------------------------------------------------------------------------


def begin(plan: Plan, store: Store | None) -> str | None:
    """Mark the build unfinished before dbt runs; returns why it cannot be recorded, if not."""
    if store is None:
        return None
    try:
        store.begin(plan.key, plan.build_id, plan.started_at)
    except Exception as exc:  # a warehouse where the runner may not create its schema
        return _brief(exc)
    return None


def finish(plan: Plan, store: Store | None, statuses: dict[str, str] | None, crashed: bool,
           record: bool = True) -> str | None:
    """Record what the build built: `statuses` is unique_id -> dbt status of the nodes it ran;
    `crashed` forgets every record (nothing known); `record` False (a dbt command other than
    build, which runs models without their tests) forgets the nodes it ran. Returns why the
    record could not be written, if it could not."""
    if store is None:
        return None
    try:
        if crashed or statuses is None:
            store.finish(plan.key, plan.build_id, [], None)
            return None
        if not record:
            store.finish(plan.key, plan.build_id, [], {uid for uid in statuses if uid in plan.graph.nodes})
            return None
        sources = store.source_fingerprints(plan.graph) if store.sources_after_build else plan.sources
        relations = store.relations(plan.graph)
        upserts: list[tuple] = []
        forget: set[str] = set()
        for _, nodes in groups(plan.graph).items():
            ran = [node for node in nodes if node.unique_id in statuses]
            if not ran:
                continue
            if any(statuses[node.unique_id] not in PASSED for node in ran):
                forget |= {node.unique_id for node in nodes}
                continue
            for node in ran:
                if node.ephemeral:
                    continue
                fingerprint = plan.node_sources(node, sources)
                if fingerprint is None or (node.relation and relations.get(node.unique_id) is None):
                    forget.add(node.unique_id)
                    continue
                upserts.append((node.unique_id, plan.started_at, node.code, plan.node_vars(node), fingerprint,
                                relations.get(node.unique_id)))
        store.finish(plan.key, plan.build_id, upserts, forget)
    except Exception as exc:
        return _brief(exc)
    return None


def _brief(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__

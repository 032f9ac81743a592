"""Conventions the built-in dbt-bouncer checks do not state exactly.

dbt-bouncer loads this file from `custom_checks_dir` (configured in pyproject.toml under
[tool.dbt-bouncer]); each `@check` function is a check named after the function.
"""

from dbt_bouncer.check_framework.decorator import check, fail


def _tests_of(model, ctx):
    found = []
    for test in ctx.tests_by_attached_node.get(model.unique_id, []):
        meta = getattr(test, "test_metadata", None)
        if meta is None:
            continue
        kwargs = getattr(meta, "kwargs", None) or {}
        found.append((getattr(meta, "name", ""), kwargs.get("column_name")))
    return found


@check
def check_model_has_key_test(model, ctx):
    """A model's key is tested: `unique` and `not_null` on one column, or our
    `unique_combination_of_columns` (which checks uniqueness and not-null together)."""
    tests = _tests_of(model, ctx)
    if any(name == "unique_combination_of_columns" for name, _ in tests):
        return
    unique_columns = {column for name, column in tests if name == "unique"}
    not_null_columns = {column for name, column in tests if name == "not_null"}
    if unique_columns & not_null_columns:
        return
    fail(
        f"`{model.name}` has no key test: add `unique` and `not_null` on its key column,"
        " or `unique_combination_of_columns` for a composite key."
    )


@check
def check_staging_reads_its_own_source(model):
    """`stg_<source>__<entity>` reads only the dbt source `<source>`."""
    name = str(model.name)
    if not name.startswith("stg_") or "__" not in name:
        fail(f"`{name}` is not named stg_<source>__<entity>.")
    expected = name[len("stg_"):].split("__", 1)[0]
    sources = [node for node in (model.depends_on.nodes or []) if node.startswith("source.")]
    if not sources:
        fail(f"`{name}` reads no source: staging models are the only readers of sources, one source each.")
    wrong = [node for node in sources if node.split(".")[2] != expected]
    if wrong:
        fail(f"`{name}` reads {', '.join(wrong)}; a `stg_{expected}__*` model reads only source `{expected}`.")


@check
def check_source_freshness_or_opt_out(source):
    """A source table has a freshness check, or says why not in `meta.freshness_opt_out`."""
    freshness = getattr(source, "freshness", None)
    populated = freshness is not None and any(
        getattr(getattr(freshness, key, None), "count", None) is not None
        for key in ("warn_after", "error_after")
    )
    reason = (getattr(source, "meta", None) or {}).get("freshness_opt_out")
    if populated or (isinstance(reason, str) and reason.strip()):
        return
    fail(
        f"`{source.source_name}.{source.name}` has no freshness: add `loaded_at_field` and"
        " `freshness`, or `freshness: null` with `meta: {freshness_opt_out: <why>}`."
    )


@check
def check_source_columns_described(source):
    """A source table declares its columns, each with a description."""
    columns = getattr(source, "columns", None) or {}
    if not columns:
        fail(f"`{source.source_name}.{source.name}` declares no columns.")
    missing = [name for name, column in columns.items() if not (getattr(column, "description", "") or "").strip()]
    if missing:
        fail(f"`{source.source_name}.{source.name}` has undescribed columns: {', '.join(sorted(missing))}.")


TENANT_COLUMNS = ("org_id", "affiliate_id")


@check
def check_tenant_mart_has_row_security(model):
    """A public model with a tenant column (org_id, affiliate_id) has row-level security by it
    (`meta.tenant_column`), or says in `meta.tenant_exempt` why its rows belong to no tenant."""
    access = getattr(getattr(model, "access", None), "value", getattr(model, "access", None))
    if access != "public":
        return
    columns = [name for name in (getattr(model, "columns", None) or {}) if name in TENANT_COLUMNS]
    if not columns:
        return
    config = getattr(model, "config", None)
    meta = dict(getattr(model, "meta", None) or {})
    meta.update(getattr(config, "meta", None) or {})
    if meta.get("tenant_column") in columns:
        return
    reason = meta.get("tenant_exempt")
    if isinstance(reason, str) and reason.strip():
        return
    fail(
        f"`{model.name}` is public and has {', '.join(columns)} but no row-level security: set"
        f" `meta: {{tenant_column: {columns[0]}}}`, or `meta: {{tenant_exempt: <why no row belongs to one tenant>}}`."
    )


def _without_comments(code: str) -> str:
    """SQL and Jinja code with its comments and its `{{ ... }}` expressions blanked out (a
    comment may name a construct; an expression is a macro call, whose arguments are the
    macro's business)."""
    import re

    code = re.sub(r"\{#.*?#\}", " ", code, flags=re.S)
    code = re.sub(r"\{\{.*?\}\}", " ", code, flags=re.S)
    code = re.sub(r"/\*.*?\*/", " ", code, flags=re.S)
    return re.sub(r"--[^\n]*", " ", code)


@check
def check_model_sql_is_engine_neutral(model, *, forbidden: list[dict[str, str]]):
    """A model's SQL names no engine-specific construct inline: each one has its macro in
    `macros/cross_db/` (dispatched per engine). `forbidden` is a list of
    {pattern: <regular expression>, use: <the macro to call instead>}."""
    import re

    code = _without_comments(str(getattr(model, "raw_code", "") or ""))
    found = []
    for rule in forbidden:
        match = re.search(rule["pattern"], code, flags=re.I)
        if match:
            found.append(f"`{match.group(0).strip()}` (use {rule['use']})")
    if found:
        fail(f"`{model.name}` writes engine-specific SQL inline: {'; '.join(found)}.")


# --- every column of a model is declared and described ---------------------------------------

_PLACEHOLDER = "__jinja_value"


def _render_model(code: str) -> str | None:
    """A model's SQL with its own Jinja run (loops, sets and branches; `is_incremental()` is
    false) and every macro call, ref, source or var replaced by an opaque identifier. No
    database and no macro bodies: enough to read the columns of the final select."""
    import itertools

    import jinja2

    counter = itertools.count(1)

    class Opaque(jinja2.ChainableUndefined):
        __slots__ = ()

        def __call__(self, *args, **kwargs):
            return self

        def __str__(self):
            return f"{_PLACEHOLDER}_{next(counter)}"

        __html__ = __str__

    env = jinja2.Environment(undefined=Opaque, extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    env.globals.update(
        ref=lambda *names, **kwargs: names[-1],
        source=lambda source_name, table_name: f"{source_name}__{table_name}",
        config=lambda *args, **kwargs: "",
        is_incremental=lambda: False,
    )
    try:
        return env.from_string(code).render()
    except Exception:  # a construct this stand-in cannot run: the columns are unknown
        return None


def _select_columns(statement, ctes):
    """The output column names of a parsed select (stars resolved through CTEs), or None."""
    from sqlglot import exp

    while isinstance(statement, exp.Subquery):
        statement = statement.this
    with_ = statement.args.get("with") or statement.args.get("with_")
    if with_:
        ctes = {**ctes, **{cte.alias_or_name: cte.this for cte in with_.expressions}}
    if isinstance(statement, exp.SetOperation):
        return _select_columns(statement.left, ctes)
    if not isinstance(statement, exp.Select):
        return None
    names = []
    for projection in statement.expressions:
        star = isinstance(projection, exp.Star) or (
            isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star)
        )
        if not star:
            name = projection.alias_or_name
            if not name or name.startswith(_PLACEHOLDER):
                return None
            names.append(name)
            continue
        sources = []
        from_ = statement.args.get("from") or statement.args.get("from_")
        for relation in ([from_.this] if from_ else []) + [join.this for join in statement.args.get("joins") or []]:
            sources.append((relation.alias_or_name, relation.name if isinstance(relation, exp.Table) else None))
        if isinstance(projection, exp.Column) and projection.table:
            sources = [source for source in sources if source[0] == projection.table]
        if len(sources) != 1 or sources[0][1] not in ctes:
            return None
        inner = _select_columns(ctes[sources[0][1]], ctes)
        if inner is None:
            return None
        names += inner
    return names


def _model_output_columns(model) -> list[str] | None:
    """The columns a model's SQL selects, read without a database; None when they cannot be
    read that way (the final select is a macro's, or a star over a relation)."""
    import re

    import sqlglot
    from sqlglot.errors import SqlglotError

    if str(getattr(model, "language", "sql") or "sql").lower().endswith("python"):
        return None
    sql = _render_model(str(getattr(model, "raw_code", "") or ""))
    if not sql:
        return None
    # a macro that writes CTEs (`with {{ macro() }}, next as (...)`) or a CTE's modifier
    # (`name as {{ not_materialized() }} (`): stand-ins that keep the query parseable
    sql = re.sub(rf"(\bwith|\),)(\s*)({_PLACEHOLDER}_\d+)(\s*),", r"\1\2\3 as (select 1 as opaque)\4,", sql, flags=re.I)
    sql = re.sub(rf"\bas\s+{_PLACEHOLDER}_\d+\s*\(", "as (", sql, flags=re.I)
    # a macro called before the query (a guard that renders nothing)
    sql = re.sub(r"--[^\n]*", "", sql)
    head = re.search(r"\b(with|select)\b", sql, flags=re.I)
    if head:
        sql = re.sub(rf"{_PLACEHOLDER}_\d+", "", sql[:head.start()]) + sql[head.start():]
    try:
        statements = [s for s in sqlglot.parse(sql, dialect="postgres") if s is not None]
    except (SqlglotError, RecursionError):
        return None
    if len(statements) != 1:
        return None
    return _select_columns(statements[0], {})


@check
def check_model_columns_all_described(model, *, min_description_length: int = 4):
    """Every column a model selects is declared in its YAML with a description.

    The built-in `check_columns_are_all_documented` needs catalog.json (a database); this
    one reads the model's SQL: its own Jinja is run with every macro, ref and var as an
    opaque value, and the final select's columns (stars resolved through its CTEs) are
    compared with the YAML's `columns:`. Where the SQL alone does not name them (the final
    select is a macro's), the model must still declare its columns, each described.
    """
    declared = {name: (getattr(column, "description", "") or "").strip()
                for name, column in (getattr(model, "columns", None) or {}).items()}
    problems = []
    selected = _model_output_columns(model)
    if selected is not None:
        missing = [name for name in dict.fromkeys(selected) if name not in declared]
        if missing:
            problems.append(f"selects columns its YAML does not declare: {', '.join(missing)}")
    elif not declared:
        problems.append("declares no columns in its YAML")
    undescribed = [name for name, text in declared.items() if len(text) < min_description_length]
    if undescribed:
        problems.append(f"has columns without a description: {', '.join(undescribed)}")
    if problems:
        fail(f"`{model.name}` {'; '.join(problems)}.")

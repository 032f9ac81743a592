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

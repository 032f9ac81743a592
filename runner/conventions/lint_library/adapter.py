"""`adapter.dispatch(name)` at lint time: the project's `postgres__<name>`, else `default__<name>`."""

from jinja2 import pass_context


@pass_context
def dispatch(context, macro_name, macro_namespace=None):
    for prefix in ("postgres__", "default__"):
        macro = context.get(prefix + macro_name)
        if macro is not None:
            return macro
    # dbt's own macros (e.g. a `dbt.*` one) rendered by the stand-ins in `dbt`
    from . import dbt as dbt_macros

    fallback = getattr(dbt_macros, macro_name, None)
    if fallback is not None:
        return fallback
    raise LookupError(f"lint: no postgres__{macro_name} or default__{macro_name} macro in macros/")


def quote(identifier):
    return f'"{identifier}"'


def type():  # noqa: A001 (dbt's name: adapter.type())
    return "postgres"

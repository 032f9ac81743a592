"""Lint-time stand-ins for dbt's `adapter` and `dbt` namespaces.

`runner lint` renders models with sqlfluff's jinja templater (no database, no dbt), which
knows neither `adapter.dispatch` nor dbt's cross-database macros (`dbt.date_trunc`, ...).
`.sqlfluff` loads this package as `library_path`; its modules become the Jinja globals
`adapter` and `dbt`, rendering the PostgreSQL version of each macro, as dbt does on the
default target.
"""

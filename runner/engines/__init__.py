"""The engines a target may run on: PostgreSQL (the default, and the embedded database),
DuckDB (a file, `runner build --target duckdb`) and Apache Spark (a local session,
`runner build --target spark`, or a cluster named in profiles.yml).

PostgreSQL's own code lives where it always has (runner/db.py, runner/embedded.py,
runner/access.py, runner/bench/); everything DuckDB-specific lives in runner/engines/duckdb.py,
everything Spark-specific in runner/engines/spark.py.
A target says which engine it is on (`Target.engine`, from its profile's `type`); code that
needs PostgreSQL calls `Target.require_postgres`, which refuses any other engine in one line.
"""

from __future__ import annotations

POSTGRES = "postgres"
DUCKDB = "duckdb"
SPARK = "spark"
ENGINES = (POSTGRES, DUCKDB, SPARK)

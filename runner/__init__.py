"""The warehouse runner: a thin CLI around dbt and an embedded PostgreSQL."""

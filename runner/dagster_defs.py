"""`dagster dev -m runner.dagster_defs`: the warehouse's assets and job schedules (runner.orchestration)."""

from runner.orchestration import definitions

defs = definitions()

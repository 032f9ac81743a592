"""The dbt descriptions of every mart are its table and column comments in the database
(persist_docs), so a BI tool that reads the catalog shows them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import MART_SCHEMAS

pytestmark = pytest.mark.slow  # the small demo, built once per session
SCHEMAS = [*MART_SCHEMAS, "marts_ops"]


def _mart_descriptions() -> dict[tuple[str, str], tuple[str, dict[str, str]]]:
    """(schema, table) -> (description, {column: description}) of every mart, from the
    manifest the session's last dbt invocation wrote."""
    manifest = json.loads((Path(os.environ["DBT_TARGET_PATH"]) / "manifest.json").read_text())
    marts = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or not node["original_file_path"].startswith("models/marts/"):
            continue
        columns = {name: column["description"] for name, column in node["columns"].items()}
        marts[(node["schema"], node["alias"])] = (node["description"], columns)
    return marts


def test_every_mart_carries_its_descriptions_as_comments(demo_small):
    result, warehouse = demo_small
    assert result.exit_code == 0, result.output
    described = _mart_descriptions()
    # 39 mart tables and the 4 run-history views of marts_ops
    assert len(described) == 43
    tables = dict(warehouse.query(
        "select format('%%s.%%s', n.nspname, c.relname), obj_description(c.oid, 'pg_class')"
        " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where c.relkind in ('r', 'p', 'v') and n.nspname = any(%s)",
        (SCHEMAS,),
    ))
    columns = {}
    for table, column, comment in warehouse.query(
        "select format('%%s.%%s', n.nspname, c.relname), a.attname, col_description(c.oid, a.attnum)"
        " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped"
        " where c.relkind in ('r', 'p', 'v') and n.nspname = any(%s)",
        (SCHEMAS,),
    ):
        columns.setdefault(table, {})[column] = comment
    assert {f"{schema}.{table}" for schema, table in described} == set(tables)
    for (schema, table), (description, column_descriptions) in described.items():
        name = f"{schema}.{table}"
        assert description.strip(), f"{name} has no description"
        assert (tables[name] or "").strip() == description.strip(), name
        # every column of the table is described, and its comment is that description
        assert set(columns[name]) == set(column_descriptions), name
        for column, text in column_descriptions.items():
            assert text.strip(), f"{name}.{column} has no description"
            assert (columns[name][column] or "").strip() == text.strip(), f"{name}.{column}"

"""`runner bench`: the figures it reports, on a tiny scale (a benchmark, not a timed test:
nothing here asserts a duration, only that every figure is there and adds up)."""

from __future__ import annotations

import json

import pytest

from conftest import cli

from runner.bench import breakdown, load_queries
from runner.demo import DEFAULT_END_DATE
from runner.dbt import NodeResult


def test_breakdown_sums_seconds_per_kind_and_domain():
    nodes = [
        NodeResult("model.warehouse.fct_a", "model", "fct_a", "success", 2.25),
        NodeResult("model.warehouse.fct_b", "model", "fct_b", "success", 1.5),
        NodeResult("model.warehouse.int_c", "model", "int_c", "success", 4.0),
        NodeResult("test.warehouse.unique_a", "test", "unique_a", "pass", 0.5),
        NodeResult("test.warehouse.unique_b", "test", "unique_b", "pass", 0.25),
        NodeResult("unit_test.warehouse.fct_a.case", "unit_test", "case", "pass", 0.4),
    ]
    folders = {
        "model.warehouse.fct_a": "marts/product",
        "model.warehouse.fct_b": "marts/product",
        "model.warehouse.int_c": "intermediate/affiliate",
    }
    # 2.25 + 1.5 = 3.75 for the product marts; 0.5 + 0.25 = 0.75 for the data tests;
    # largest first
    assert breakdown(nodes, folders) == {
        "model intermediate/affiliate": 4.0,
        "model marts/product": 3.8,
        "test": 0.8,
        "unit_test": 0.4,
    }
    assert list(breakdown(nodes, folders)) == ["model intermediate/affiliate", "model marts/product", "test", "unit_test"]


@pytest.mark.slow
def test_bench_reports_every_figure(new_home, tmp_path):
    home = new_home("bench")
    out = tmp_path / "bench.json"
    result = cli("bench", "--scale", "300", "--json", str(out), env={"RUNNER_HOME": str(home)})
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["users"] == 300 and report["failures"] == []
    assert report["rows"]["app.users"] == 300
    assert report["generation_rows_per_second"] == round(sum(report["rows"].values()) / report["generation_seconds"])
    for ratio, seconds in [("full_build_vs_baseline", "full_build_seconds"),
                           ("incremental_vs_baseline", "incremental_build_seconds")]:
        assert report["ratios"][ratio] == round(report[seconds] / report["baseline_seconds"], 3)
    assert report["ratios"]["incremental_vs_full"] == round(
        report["incremental_build_seconds"] / report["full_build_seconds"], 3)
    assert report["delta_rows"] > 0
    # one dashboard query per mart, each run (p50 <= p95), as the BI reader
    assert len(report["queries"]) == len(load_queries(DEFAULT_END_DATE)) == 39
    assert all(0 < query["p50_ms"] <= query["p95_ms"] for query in report["queries"])
    # the breakdown covers models of every domain and the data tests
    kinds = set(report["full_build_breakdown"])
    assert {"test", "unit_test", "model marts/org", "model marts/affiliate", "model marts/product"} <= kinds
    assert "runner bench --scale 300" in result.output

"""Exposures: the dashboards and applications that read the marts, as the design documents name them.

Each domain declares its consumers in models/marts/<domain>/_<domain>__exposures.yml; `runner docs`
puts them on the static page, each with its owner and its lineage from the marts it reads. The
expected consumers are listed here by hand, so that one dropped from the YAML fails a test.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT, cli

# every consumer the design documents name, per domain, with the marts it reads
EXPECTED = {
    "product": {
        "product_cohort_analysis_dashboard": {"fct_cohort_retention_weekly", "fct_onboarding_funnel"},
        "product_vanity_metrics_dashboard": {"fct_vanity_metrics_monthly", "fct_active_users_daily"},
        "customer_data_api": {"dim_app_users"},
    },
    "personalization": {
        "spendsense_operator_review_queue": {
            "fct_recommendations", "fct_recommendation_review_daily", "dim_spendsense_users",
        },
    },
    "finance": {
        "finance_app_budgets_screen": {"fct_budget_vs_actual"},
        "finance_app_goals_screen": {"fct_goal_progress"},
    },
    "org": {
        "org_financial_dashboard": {"mart_financial_metrics", "dim_organizations"},
        "org_crm_dashboard": {"mart_crm_contacts", "mart_crm_deals", "dim_organizations"},
        "org_zoom_dashboard": {"mart_zoom_metrics", "dim_organizations"},
        "org_case_dashboard": {"mart_case_metrics", "dim_organizations"},
        "org_app_analytics_dashboard": {"mart_app_analytics", "dim_organizations"},
        "org_sales_daily_dashboard": {"mart_sales_daily", "dim_organizations"},
        "org_rental_service_report": {"mart_rental_fleet", "dim_organizations"},
        "org_cash_burn_report": {"mart_cash_flow", "dim_organizations"},
    },
    "affiliate": {
        "affiliate_performance_dashboard": {
            "gold_affiliate_daily_metrics", "gold_affiliate_weekly_metrics", "gold_affiliate_monthly_metrics",
            "gold_affiliate_customer_funnel", "gold_affiliate_performance_trend",
        },
        "affiliate_etl_dashboard": {"gold_etl_affiliate_dashboard", "data_quality_metrics"},
    },
    # the warehouse's own: design 003 promises debugging in the mart tables and error alerting
    "ops": {
        "pipeline_health_dashboard": {"fct_build_runs", "fct_node_runs", "fct_test_failures", "fct_source_freshness"},
    },
}
TEAMS = {
    "product": "product-team", "personalization": "personalization-team", "finance": "finance-team",
    "org": "operations-team", "affiliate": "affiliate-team", "ops": "analytics-engineering",
}
DESIGN_DOCS = {
    "product": "000_b92219f7a1ceeb51.txt", "personalization": "001_620b99d2ac9e0b10.txt",
    "finance": "002_e3b9396dc254f259.txt", "org": "003_49c9ded017e1f29d.txt",
    "affiliate": "004_cd9115dcf6160d2d.txt", "ops": "003_49c9ded017e1f29d.txt",
}
ALL = {name: (domain, reads) for domain, exposures in EXPECTED.items() for name, reads in exposures.items()}
TYPES = {"dashboard", "notebook", "analysis", "ml", "application"}
REF = re.compile(r"^ref\('([a-z0-9_]+)'\)$")


def declared(domain: str) -> list[dict]:
    path = PROJECT / "models" / "marts" / domain / f"_{domain}__exposures.yml"
    assert path.exists(), f"{path} is missing"
    return yaml.safe_load(path.read_text())["exposures"]


# ----- the YAML (no database) ----------------------------------------------------------------


@pytest.mark.parametrize("domain", sorted(EXPECTED))
def test_each_domain_declares_exactly_its_consumers(domain):
    names = [exposure["name"] for exposure in declared(domain)]
    assert len(names) == len(set(names)), names
    assert set(names) == set(EXPECTED[domain])


@pytest.mark.parametrize("domain", sorted(EXPECTED))
def test_each_exposure_is_labelled_owned_described_and_reads_marts_of_its_domain(domain):
    marts = {path.stem for path in (PROJECT / "models" / "marts" / domain).glob("*.sql")}
    for exposure in declared(domain):
        name = exposure["name"]
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name), name
        assert exposure.get("label", "").strip(), name
        assert exposure["type"] in TYPES, name
        assert exposure["maturity"] in {"low", "medium", "high"}, name
        # the team that owns the domain's marts (dbt_project.yml meta.owner); no person's address
        assert exposure["owner"] == {"name": TEAMS[domain]}, name
        # no invented address: a url, if any, is a real one someone added
        assert "url" not in exposure or exposure["url"].startswith("https://"), name
        # it says which design document and section it comes from
        meta = exposure["config"]["meta"]
        assert meta["design_doc"] == DESIGN_DOCS[domain], name
        assert meta["design_section"].strip(), name
        assert f"Design document {DESIGN_DOCS[domain][:3]}" in " ".join(exposure["description"].split()), name
        reads = [REF.match(ref) for ref in exposure["depends_on"]]
        assert all(reads), exposure["depends_on"]
        assert {match.group(1) for match in reads} == EXPECTED[domain][name]
        assert EXPECTED[domain][name] <= marts, f"{name} reads a model that is not a {domain} mart"


# ----- what `runner docs` publishes ------------------------------------------------------------


def inlined_manifest(page: str) -> dict:
    """The manifest dbt inlines into static_index.html (`{manifest: <json>, catalog: <json>}`)."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r"manifest:\s*(?=\{)", page):
        try:
            value, _ = decoder.raw_decode(page, match.end())
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict) and "exposures" in value and "nodes" in value:
            return value
    raise AssertionError("static_index.html holds no inlined manifest")


@pytest.fixture(scope="module")
def docs(warehouse):
    """`runner docs` once, on the session's shared database (no build: the catalog is whatever
    exists, and the exposures come from the manifest): the manifest inlined in the static page
    and target/manifest.json, read at once (later tests rewrite the target path)."""
    result = cli("docs")
    assert result.exit_code == 0, result.output
    target = Path(os.environ["DBT_TARGET_PATH"])
    page = (target / "static_index.html").read_text()
    return {
        "static_index.html": inlined_manifest(page),
        "manifest.json": json.loads((target / "manifest.json").read_text()),
    }


@pytest.mark.slow
@pytest.mark.parametrize("artifact", ["static_index.html", "manifest.json"])
def test_runner_docs_shows_every_exposure_with_its_type_owner_and_marts(docs, artifact):
    manifest = docs[artifact]
    exposures = {exposure["name"]: exposure for exposure in manifest["exposures"].values()}
    assert set(exposures) == set(ALL), f"missing {set(ALL) - set(exposures)}, unexpected {set(exposures) - set(ALL)}"
    yaml_by_name = {exposure["name"]: exposure for domain in EXPECTED for exposure in declared(domain)}
    for name, (domain, reads) in ALL.items():
        exposure = exposures[name]
        assert exposure["type"] == yaml_by_name[name]["type"], name
        assert exposure["maturity"] == yaml_by_name[name]["maturity"], name
        assert exposure["label"] == yaml_by_name[name]["label"], name
        assert exposure["owner"]["name"] == TEAMS[domain], name
        assert exposure["original_file_path"] == f"models/marts/{domain}/_{domain}__exposures.yml", name
        parents = exposure["depends_on"]["nodes"]
        assert parents, f"{name} depends on nothing"
        for parent in parents:
            node = manifest["nodes"][parent]
            # a mart: a public model under models/marts, owned by the exposure's team
            assert node["resource_type"] == "model", parent
            assert node["original_file_path"].startswith(f"models/marts/{domain}/"), parent
            assert node["access"] == "public", parent
            assert node["config"]["meta"]["owner"] == TEAMS[domain], parent
        assert {manifest["nodes"][parent]["name"] for parent in parents} == reads, name
        # the lineage graph draws an edge from each mart to the exposure
        uid = exposure["unique_id"]
        assert sorted(manifest["parent_map"][uid]) == sorted(parents), name
        assert all(uid in manifest["child_map"][parent] for parent in parents), name

"""marts_org on a hand-made fixture for both organizations: every number was worked out by hand.

Fixture: tests/python/fixtures/aiop_orgs.sql, built with as_of_date 2026-03-03.
Org 1 Bennett (America/Chicago, UTC-6): QuickBooks, Softbase sales, fleet and GL.
Org 2 VITAL WorkLife (America/New_York, UTC-5): QuickBooks, HubSpot, Zoom, cases, GA4.
Daily ids are org_id * 100000 + days since 1970-01-01 (2026-03-03 is day 20515).
"""

from __future__ import annotations

import csv
import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from conftest import ENGINES, cli, postgres_only

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parents[2]
AS_OF = "2026-03-03"

MARTS = {
    # mart: (natural key, orgs with data in the fixture)
    "mart_financial_metrics": ("org_id, year, month", {1, 2}),
    "mart_crm_contacts": ("org_id, snapshot_date", {2}),
    "mart_crm_deals": ("org_id, snapshot_date", {2}),
    "mart_zoom_metrics": ("org_id, metric_date", {2}),
    "mart_case_metrics": ("org_id, snapshot_date", {2}),
    "mart_app_analytics": ("org_id, metric_date", {2}),
    "mart_sales_daily": ("org_id, sales_date", {1}),
    "mart_rental_fleet": ("org_id, snapshot_date", {1}),
    "mart_cash_flow": ("org_id, year, month", {1}),
}


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture(scope="module", params=ENGINES)
def org(fixture_warehouse, request):
    fixture_warehouse = fixture_warehouse.on(request.param)
    fixture_warehouse.load("aiop", FIXTURES / "aiop_orgs.sql")
    result = fixture_warehouse.build("source:aiop+", as_of_date=AS_OF)
    assert result.exit_code == 0, result.output
    fixture_warehouse.build_output = result.output
    return fixture_warehouse


def select(org, mart: str, columns: str, org_id: int, key: str) -> list[tuple]:
    return org.query(f"select {columns} from marts_org.{mart} where org_id = %s order by {key}", (org_id,))


# -- dimensions and grain --------------------------------------------------------------------


def test_dim_organizations(org):
    assert org.query("select org_id, name, slug, reporting_timezone from marts_org.dim_organizations order by 1") == [
        (1, "Bennett", "bennett", "America/Chicago"),
        (2, "VITAL WorkLife", "vital-worklife", "America/New_York"),
    ]


def test_each_mart_holds_only_the_orgs_with_data_in_its_system(org):
    for mart, (_key, orgs) in MARTS.items():
        found = {row[0] for row in org.query(f"select distinct org_id from marts_org.{mart}")}
        assert found == orgs, mart


def test_daily_marts_span_first_record_to_as_of_date_zero_filled(org):
    # first local record per system: HubSpot 2026-02-20 (contact 2 at 23:30 New York counts
    # there too), Zoom 2026-02-27 (queues, user 1), cases 2026-01-30, GA4 2026-02-28 (a
    # download, before the first report), Softbase 2026-02-26; all end on as_of_date
    spans = {
        "mart_crm_contacts": ("snapshot_date", d("2026-02-20"), 12),
        "mart_crm_deals": ("snapshot_date", d("2026-02-20"), 12),
        "mart_zoom_metrics": ("metric_date", d("2026-02-27"), 5),
        "mart_case_metrics": ("snapshot_date", d("2026-01-30"), 33),
        "mart_app_analytics": ("metric_date", d("2026-02-28"), 4),
        "mart_sales_daily": ("sales_date", d("2026-02-26"), 6),
        "mart_rental_fleet": ("snapshot_date", d("2026-02-26"), 6),
    }
    for mart, (column, first, days) in spans.items():
        assert org.query(f"select min({column}), max({column}), count(*) from marts_org.{mart}") == [
            (first, d(AS_OF), days)
        ], mart


def test_ids_derive_from_the_natural_key_and_source_systems_are_the_seeds(org):
    # daily: org_id * 100000 + days since 1970-01-01; monthly: org_id * 100000 + year * 12 + month
    assert org.query("select id from marts_org.mart_sales_daily where sales_date = '2026-03-03'") == [(120515,)]
    assert org.query("select id from marts_org.mart_crm_contacts where snapshot_date = '2026-03-03'") == [(220515,)]
    assert org.query("select id from marts_org.mart_financial_metrics where org_id = 2 order by month") == [
        (200000 + 2026 * 12 + 2,), (200000 + 2026 * 12 + 3,),
    ]
    systems = {
        "mart_financial_metrics": "quickbooks", "mart_crm_contacts": "hubspot", "mart_crm_deals": "hubspot",
        "mart_zoom_metrics": "zoom", "mart_case_metrics": "azure_sql", "mart_app_analytics": "bigquery_ga4",
        "mart_sales_daily": "softbase", "mart_rental_fleet": "softbase", "mart_cash_flow": "softbase_gl",
    }
    for mart, system in systems.items():
        assert org.query(f"select distinct source_system from marts_org.{mart}") == [(system,)], mart
    assert org.query("select distinct source_table from marts_org.mart_case_metrics") == [("Case_Data_Summary_NOPHI",)]


def test_column_types_are_the_seeds(org):
    postgres_only(org, "reads pg_attribute (DuckDB enforces the contract's types itself)")
    types = dict(org.query(
        "select column_name, format_type(atttypid, atttypmod) from information_schema.columns as c"
        " inner join pg_attribute as a on a.attrelid = ('marts_org.' || c.table_name)::regclass"
        " and a.attname = c.column_name"
        " where c.table_schema = 'marts_org' and c.table_name = 'mart_financial_metrics'"
    ))
    assert types["id"] == "integer"
    assert types["total_revenue"] == "numeric(18,2)"
    assert types["gross_margin_pct"] == "numeric(5,2)"
    assert types["source_system"] == "character varying(50)"
    assert types["created_at"] == "timestamp with time zone"
    others = dict(org.query(
        "select table_name || '.' || column_name, format_type(atttypid, atttypmod)"
        " from information_schema.columns as c"
        " inner join pg_attribute as a on a.attrelid = ('marts_org.' || c.table_name)::regclass"
        " and a.attname = c.column_name where c.table_schema = 'marts_org'"
    ))
    assert others["mart_zoom_metrics.avg_meeting_duration_mins"] == "numeric(8,2)"
    assert others["mart_app_analytics.avg_session_duration_secs"] == "numeric(10,2)"
    assert others["mart_case_metrics.source_table"] == "character varying(100)"
    assert others["mart_cash_flow.health_status"] == "character varying(20)"
    assert others["mart_crm_deals.deals_by_stage"] == "jsonb"


# -- mart_financial_metrics -------------------------------------------------------------------

FINANCIAL = (
    "year, month, period_start, period_end, total_revenue, total_expenses, net_income, gross_profit,"
    " gross_margin_pct, total_assets, total_liabilities, total_equity, cash_balance, accounts_receivable,"
    " accounts_payable, operating_cash_flow"
)


def test_financial_metrics_org_1_with_a_voided_transaction(org):
    assert select(org, "mart_financial_metrics", FINANCIAL, 1, "year, month") == [
        # Jan: revenue = invoice 3000 (Income); expenses = COGS 1200 + payroll 800 + card fee
        # 15.50 (Other Expense) = 2015.50; net 984.50; gross profit 3000 - 1200 = 1800 -> 60.00%.
        # Balance: bank 10000 - 800 = 9200, AR 3000, stock 2000 - 1200 = 800 -> assets 13000;
        # liabilities AP 2000 + card 15.50 = 2015.50; equity 10000 + 984.50 = 10984.50 (sum 13000).
        # Operating cash flow 984.50 - 3000 (AR up) + 2000 (AP up) = -15.50.
        (2026, 1, d("2026-01-01"), d("2026-01-31"), D("3000.00"), D("2015.50"), D("984.50"), D("1800.00"),
         D("60.00"), D("13000.00"), D("2015.50"), D("10984.50"), D("9200.00"), D("3000.00"), D("2000.00"),
         D("-15.50")),
        # Feb: the voided invoice T8 (1500) counts nowhere. Revenue = cash sale 500 + interest
        # 4.25 (Other Income) = 504.25; expenses = COGS 250; net 254.25; gross profit
        # 500 - 250 = 250 -> 50.00% (Income only). Bank 9200 + 3000 + 500 - 2000 + 4.25 =
        # 10704.25, AR 0, stock 550 -> assets 11254.25; liabilities: card 15.50; equity
        # 10000 + 984.50 + 254.25 = 11238.75. OCF 254.25 + 3000 (AR down) - 2000 (AP down) = 1254.25.
        (2026, 2, d("2026-02-01"), d("2026-02-28"), D("504.25"), D("250.00"), D("254.25"), D("250.00"),
         D("50.00"), D("11254.25"), D("15.50"), D("11238.75"), D("10704.25"), D("0.00"), D("0.00"),
         D("1254.25")),
        # Mar to as_of_date: payroll 900 (the 700 invoice of 03-05 is after as_of_date); no
        # Income -> margin NULL. Bank 9804.25 + stock 550 = 10354.25 = 15.50 + 10338.75.
        (2026, 3, d("2026-03-01"), d("2026-03-31"), D("0.00"), D("900.00"), D("-900.00"), D("0.00"),
         None, D("10354.25"), D("15.50"), D("10338.75"), D("9804.25"), D("0.00"), D("0.00"), D("-900.00")),
    ]


def test_financial_metrics_org_2_from_its_first_month(org):
    assert select(org, "mart_financial_metrics", FINANCIAL, 2, "year, month") == [
        # Feb (its first line): revenue 1000; expenses COGS 1100 + rent 400 = 1500; net -500;
        # gross profit 1000 - 1100 = -100 -> -10.00%. Bank 5000 - 1100 - 320 = 3580, AR 1000
        # -> assets 4580; liabilities loan 2000 + payroll 80 = 2080; equity 3000 - 500 = 2500.
        # OCF -500 - 1000 (AR up) + 0 = -1500.
        (2026, 2, d("2026-02-01"), d("2026-02-28"), D("1000.00"), D("1500.00"), D("-500.00"), D("-100.00"),
         D("-10.00"), D("4580.00"), D("2080.00"), D("2500.00"), D("3580.00"), D("1000.00"), D("0.00"),
         D("-1500.00")),
        # Mar: the customer pays 1000 on as_of_date itself: cash 4580, AR 0, OCF 0 + 1000 = 1000.
        (2026, 3, d("2026-03-01"), d("2026-03-31"), D("0.00"), D("0.00"), D("0.00"), D("0.00"),
         None, D("4580.00"), D("2080.00"), D("2500.00"), D("4580.00"), D("0.00"), D("0.00"), D("1000.00")),
    ]


# -- mart_crm_contacts --------------------------------------------------------------------------

CONTACTS = (
    "snapshot_date, total_contacts, new_contacts_30d, new_contacts_7d, subscribers, leads, marketing_qualified,"
    " sales_qualified, opportunities, customers, evangelists, other_lifecycle"
)


def test_crm_contacts_every_day(org):
    # Counted: 1 (02-20), 2 (02-20 23:30 New York), 3 (02-22), 6 (03-01), 7 (03-03 00:30 New York).
    # Not: 4 deleted, 5 merged, 8 created after as_of_date.
    # Stages at the day's end: 1 subscriber, lead from 02-24 (23:30 local), customer from 03-02;
    # 2 lead, then MQL and SQL on 02-26 (SQL holds); 3 opportunity (no history: current stage,
    # display case normalized); 6 evangelist, `partner` (other) from 03-02; 7 SQL.
    # new_contacts_7d on 02-27 covers 02-21..02-27: only contact 3.
    assert select(org, "mart_crm_contacts", CONTACTS, 2, "snapshot_date") == [
        (d("2026-02-20"), 2, 2, 2, 1, 1, 0, 0, 0, 0, 0, 0),
        (d("2026-02-21"), 2, 2, 2, 1, 1, 0, 0, 0, 0, 0, 0),
        (d("2026-02-22"), 3, 3, 3, 1, 1, 0, 0, 1, 0, 0, 0),
        (d("2026-02-23"), 3, 3, 3, 1, 1, 0, 0, 1, 0, 0, 0),
        (d("2026-02-24"), 3, 3, 3, 0, 2, 0, 0, 1, 0, 0, 0),
        (d("2026-02-25"), 3, 3, 3, 0, 2, 0, 0, 1, 0, 0, 0),
        (d("2026-02-26"), 3, 3, 3, 0, 1, 0, 1, 1, 0, 0, 0),
        (d("2026-02-27"), 3, 3, 1, 0, 1, 0, 1, 1, 0, 0, 0),
        (d("2026-02-28"), 3, 3, 1, 0, 1, 0, 1, 1, 0, 0, 0),
        (d("2026-03-01"), 4, 4, 1, 0, 1, 0, 1, 1, 0, 1, 0),
        (d("2026-03-02"), 4, 4, 1, 0, 0, 0, 1, 1, 1, 0, 1),
        (d("2026-03-03"), 5, 5, 2, 0, 0, 0, 2, 1, 1, 0, 1),
    ]


# -- mart_crm_deals -------------------------------------------------------------------------------

DEALS = (
    "snapshot_date, total_deals, open_deals, won_deals, lost_deals, total_pipeline_value, won_value,"
    " lost_value, average_deal_size, deals_by_stage"
)


def test_crm_deals_every_day(org):
    # Deal 1 (1000): Appointment 02-20, Qualified 02-23, Closed Won 02-26 (23:30 New York).
    # Deal 2 (2000): Appointment 02-22, Closed Lost 03-01. Deal 3 (500.50): Qualified from
    # 02-25 (no history). Deal 4 deleted. Deal 5 (no amount = 0): Appointment 03-02, then
    # `mystery` (not in the pipeline: open, under its id) on 03-03.
    appt, qual, won, lost = "Appointment", "Qualified", "Closed Won", "Closed Lost"
    assert select(org, "mart_crm_deals", DEALS, 2, "snapshot_date") == [
        (d("2026-02-20"), 1, 1, 0, 0, D("1000.00"), D("0.00"), D("0.00"), None, {appt: 1}),
        (d("2026-02-21"), 1, 1, 0, 0, D("1000.00"), D("0.00"), D("0.00"), None, {appt: 1}),
        (d("2026-02-22"), 2, 2, 0, 0, D("3000.00"), D("0.00"), D("0.00"), None, {appt: 2}),
        (d("2026-02-23"), 2, 2, 0, 0, D("3000.00"), D("0.00"), D("0.00"), None, {appt: 1, qual: 1}),
        (d("2026-02-24"), 2, 2, 0, 0, D("3000.00"), D("0.00"), D("0.00"), None, {appt: 1, qual: 1}),
        # 2000 + 1000 + 500.50
        (d("2026-02-25"), 3, 3, 0, 0, D("3500.50"), D("0.00"), D("0.00"), None, {appt: 1, qual: 2}),
        # deal 1 won: open 2000 + 500.50; average 1000 / 1
        (d("2026-02-26"), 3, 2, 1, 0, D("2500.50"), D("1000.00"), D("0.00"), D("1000.00"), {appt: 1, qual: 1, won: 1}),
        (d("2026-02-27"), 3, 2, 1, 0, D("2500.50"), D("1000.00"), D("0.00"), D("1000.00"), {appt: 1, qual: 1, won: 1}),
        (d("2026-02-28"), 3, 2, 1, 0, D("2500.50"), D("1000.00"), D("0.00"), D("1000.00"), {appt: 1, qual: 1, won: 1}),
        (d("2026-03-01"), 3, 1, 1, 1, D("500.50"), D("1000.00"), D("2000.00"), D("1000.00"), {qual: 1, won: 1, lost: 1}),
        (d("2026-03-02"), 4, 2, 1, 1, D("500.50"), D("1000.00"), D("2000.00"), D("1000.00"),
         {appt: 1, qual: 1, won: 1, lost: 1}),
        (d("2026-03-03"), 4, 2, 1, 1, D("500.50"), D("1000.00"), D("2000.00"), D("1000.00"),
         {qual: 1, "mystery": 1, won: 1, lost: 1}),
    ]


# -- mart_zoom_metrics ---------------------------------------------------------------------------

ZOOM = (
    "metric_date, total_users, phone_users, total_meetings, total_meeting_minutes, total_participants,"
    " avg_meeting_duration_mins, total_calls, inbound_calls, outbound_calls, missed_calls, total_call_minutes,"
    " avg_call_duration_mins, queue_count"
)


def test_zoom_metrics_every_day(org):
    assert select(org, "mart_zoom_metrics", ZOOM, 2, "metric_date") == [
        # users 1 and 2 (created 23:30 local), user 1 licensed; meetings 45 + 30 (23:30 local)
        # = 75 min over 2 = 37.50, 5 + 2 participants; calls 300 + 0 + 90 s (the outbound one
        # at 23:50 local) = 6.5 min -> 7, 390 / 60 / 3 = 2.17 min; the missed inbound call;
        # queues 1 and 2
        (d("2026-02-27"), 2, 1, 2, 75, 7, D("37.50"), 3, 2, 1, 1, 7, D("2.17"), 2),
        # queue 2 was deleted at 23:00 local this day: it existed that day
        (d("2026-02-28"), 2, 1, 0, 0, 0, None, 0, 0, 0, 0, 0, None, 2),
        # user 3 (licensed); calls: an abandoned inbound (missed) 20 s, a missed outbound (not
        # counted as missed) 0 s: 20 / 60 = 0.33 -> 0 min, 20 / 60 / 2 = 0.17
        (d("2026-03-01"), 3, 2, 0, 0, 0, None, 2, 1, 1, 1, 0, D("0.17"), 1),
        # user 2 deactivated during the day still counts; meetings 20.5 min (-> 21) and one
        # without an end (counted, no duration): 3 + 4 participants, average 20.50 over 1
        (d("2026-03-02"), 3, 2, 2, 21, 7, D("20.50"), 0, 0, 0, 0, 0, None, 1),
        # a voicemail of 45 s: 0.75 min -> 1
        (d("2026-03-03"), 2, 2, 0, 0, 0, None, 1, 1, 0, 0, 1, D("0.75"), 1),
    ]


# -- mart_case_metrics ---------------------------------------------------------------------------


def test_case_metrics_counts_every_day(org):
    # K1 opened 01-30 closed 02-10; K2 opened 02-14 (23:30 local), open; K3 opened 03-01 closed
    # 03-02 (23:30 local); K4 opened after as_of_date. 30-day windows end on the date:
    # on 03-01 the window starts 01-31 and no longer holds K1's opening.
    expected = (
        [(1, 1, 0)] * 11      # 01-30 .. 02-09
        + [(1, 1, 1)] * 4     # 02-10 .. 02-13: K1 closed
        + [(2, 2, 1)] * 15    # 02-14 .. 02-28
        + [(3, 2, 1)]         # 03-01: K3 opened, K1 out of the opening window
        + [(3, 2, 2)] * 2     # 03-02 .. 03-03: K3 closed
    )
    assert select(org, "mart_case_metrics", "total_cases, new_cases_30d, closed_cases_30d", 2, "snapshot_date") == expected


def test_case_metrics_breakdowns(org):
    rows = {
        row[0]: row[1:]
        for row in select(org, "mart_case_metrics", "snapshot_date, cases_by_type, cases_by_status, cases_by_category",
                          2, "snapshot_date")
    }
    assert rows[d("2026-01-30")] == ({"EAP": 1}, {"open": 1, "closed": 0}, {"Stress": 1})
    assert rows[d("2026-02-10")] == ({"EAP": 1}, {"open": 0, "closed": 1}, {"Stress": 1})
    assert rows[d("2026-03-01")] == (
        {"EAP": 2, "Coaching": 1}, {"open": 2, "closed": 1}, {"Stress": 1, "Work": 1, "unknown": 1},
    )
    assert rows[d("2026-03-03")] == (
        {"EAP": 2, "Coaching": 1}, {"open": 1, "closed": 2}, {"Stress": 1, "Work": 1, "unknown": 1},
    )


# -- mart_app_analytics --------------------------------------------------------------------------

APP = (
    "metric_date, daily_active_users, weekly_active_users, monthly_active_users, new_users, returning_users,"
    " total_sessions, avg_session_duration_secs, screens_per_session, ios_downloads, android_downloads, top_screens"
)


def test_app_analytics_every_day(org):
    top = [
        # views descending; the three 80s and the two 40s and 10s by name in byte order
        # ("Account" < "account" < "book", "alpha" < "zeta", "s10" < "s9"); s9 and s11 are cut
        {"screen": "home", "views": 300}, {"screen": "dashboard", "views": 120},
        {"screen": "Account", "views": 80}, {"screen": "account", "views": 80}, {"screen": "book", "views": 80},
        {"screen": "alpha", "views": 40}, {"screen": "zeta", "views": 40}, {"screen": "s7", "views": 30},
        {"screen": "s8", "views": 20}, {"screen": "s10", "views": 10},
    ]
    assert select(org, "mart_app_analytics", APP, 2, "metric_date") == [
        # a download before the first GA4 report: zero-filled, ratios NULL
        (d("2026-02-28"), 0, 0, 0, 0, 0, 0, None, None, 5, 0, []),
        # 27000.5 s / 150 sessions = 180.00; 600 views / 150 = 4.00; returning 100 - 20
        (d("2026-03-01"), 100, 300, 900, 20, 80, 150, D("180.00"), D("4.00"), 10, 7, top),
        # missing from the extract: zero-filled
        (d("2026-03-02"), 0, 0, 0, 0, 0, 0, None, None, 0, 0, []),
        # no session: ratios NULL; GA4 counted more new than active users: 50 - 60 = -10
        (d("2026-03-03"), 50, 280, 880, 60, -10, 0, None, None, 0, 3,
         [{"screen": "about", "views": 30}, {"screen": "home", "views": 30}]),
    ]


# -- mart_sales_daily -----------------------------------------------------------------------------

SALES = (
    "sales_date, year, month, day_of_week, service_revenue, parts_revenue, rental_revenue, sales_revenue,"
    " total_revenue, service_invoices, parts_invoices, rental_invoices, sales_invoices, total_invoices,"
    " open_work_orders, closed_work_orders"
)


def test_sales_daily_every_day(org):
    zero = D("0.00")
    assert select(org, "mart_sales_daily", SALES, 1, "sales_date") == [
        # Thursday: service 100 + parts 50.25 (the 1000 sale is void); W1, W2 open at the end
        (d("2026-02-26"), 2026, 2, 4, D("100.00"), D("50.25"), zero, zero, D("150.25"), 1, 1, 0, 0, 2, 2, 0),
        # `service` / `POSTED` normalized; W1 closed, W3 opened at 23:00 local: W2, W3 open
        (d("2026-02-27"), 2026, 2, 5, D("200.00"), zero, zero, zero, D("200.00"), 1, 0, 0, 0, 1, 2, 1),
        # W2 closed at 23:30 local (05:30 UTC on 03-01)
        (d("2026-02-28"), 2026, 2, 6, zero, zero, D("300.00"), zero, D("300.00"), 0, 0, 1, 0, 1, 1, 1),
        # Sunday = 0
        (d("2026-03-01"), 2026, 3, 0, zero, zero, D("120.00"), zero, D("120.00"), 0, 0, 1, 0, 1, 1, 0),
        # the 80 rental invoice is void; W4 opened and closed the same day
        (d("2026-03-02"), 2026, 3, 1, zero, zero, zero, D("5000.00"), D("5000.00"), 0, 0, 0, 1, 1, 1, 1),
        # a Warranty invoice (40) counts in the totals only: 60 + 40
        (d("2026-03-03"), 2026, 3, 2, zero, zero, D("60.00"), zero, D("100.00"), 0, 0, 1, 0, 2, 1, 0),
    ]


# -- mart_rental_fleet ----------------------------------------------------------------------------

FLEET = (
    "snapshot_date, year, month, total_units, available_units, rented_units, maintenance_units, utilization_rate,"
    " rental_revenue_mtd, rental_revenue_ytd, units_by_type, revenue_by_type, active_rental_customers"
)


def test_rental_fleet_every_day(org):
    both = {"Forklift": 1, "Boom Lift": 1}
    three = {"Forklift": 2, "Boom Lift": 1}
    assert select(org, "mart_rental_fleet", FLEET, 1, "snapshot_date") == [
        (d("2026-02-26"), 2026, 2, 2, 2, 0, 0, D("0.00"), D("0.00"), D("0.00"), both, {}, 0),
        (d("2026-02-27"), 2026, 2, 2, 2, 0, 0, D("0.00"), D("0.00"), D("0.00"), both, {}, 0),
        # R1 rented (RC1, customer C1): 1 of 2 = 50.00; invoice of 300 on R1 (Forklift)
        (d("2026-02-28"), 2026, 2, 2, 1, 1, 0, D("50.00"), D("300.00"), D("300.00"), both, {"Forklift": 300}, 1),
        # R3 acquired; R1 both rented (RC1's last day) and in maintenance: rented; R2 rented
        # (RC2, C2): 2 of 3 = 66.67; March restarts MTD: 120 on R2 (Boom Lift); YTD 420
        (d("2026-03-01"), 2026, 3, 3, 1, 2, 0, D("66.67"), D("120.00"), D("420.00"), three, {"Boom Lift": 120}, 2),
        # R1 in maintenance only; R2 rented; R3 available: 1 of 3 = 33.33; the 80 invoice is void
        (d("2026-03-02"), 2026, 3, 3, 1, 1, 1, D("33.33"), D("120.00"), D("420.00"), three, {"Boom Lift": 120}, 1),
        # R2 disposed (not owned on its disposal date); R1 rented again (RC3); R3 in
        # maintenance; an invoice of 60 on an unknown unit
        (d("2026-03-03"), 2026, 3, 2, 0, 1, 1, D("50.00"), D("180.00"), D("480.00"), {"Forklift": 2},
         {"Boom Lift": 120, "unknown": 60}, 1),
    ]


# -- mart_cash_flow -------------------------------------------------------------------------------

CASH = (
    "year, month, period_end, cash_balance, cash_change_mtd, operating_cash_flow, ar_change, inventory_change,"
    " ap_change, investing_cash_flow, financing_cash_flow, health_status, non_operating_breakdown"
)


def test_cash_flow_every_month(org):
    assert select(org, "mart_cash_flow", CASH, 1, "year, month") == [
        # cash 10000 + 5000 - 1000 - 6000 = 8000; AR +4000; stock 2000 - 1500 = +500; AP +2000;
        # net income 4000 - 1500 - 1000 = 1500 -> OCF 1500 - 4000 - 500 + 2000 = -1000;
        # fleet -6000, loan +5000. Cover: 8000 >= 3 x 1000 / 1 month, OCF < 0 -> warning
        (2026, 1, d("2026-01-31"), D("8000.00"), D("8000.00"), D("-1000.00"), D("4000.00"), D("500.00"),
         D("2000.00"), D("-6000.00"), D("5000.00"), "warning", {"Rental Fleet": -6000, "Term Loan": 5000}),
        # no GL entry -> unknown, balances carried
        (2026, 2, d("2026-02-28"), D("8000.00"), D("0.00"), D("0.00"), D("0.00"), D("0.00"),
         D("0.00"), D("0.00"), D("0.00"), "unknown", {}),
        # to as_of_date (the 99999 of 03-10 is later): collection 4000, loan repaid 500 ->
        # cash 11500; OCF 0 + 4000 = 4000 -> healthy
        (2026, 3, d("2026-03-31"), D("11500.00"), D("3500.00"), D("4000.00"), D("-4000.00"), D("0.00"),
         D("0.00"), D("0.00"), D("-500.00"), "healthy", {"Term Loan": -500}),
    ]


# -- dirt is reported, never fatal ----------------------------------------------------------------


def test_dirty_rows_are_reported_by_warn_level_tests(org):
    output = org.build_output
    for test in (
        "accepted_values_stg_aiop__sb_invoices_department",      # Warranty
        "relationships_within_org_stg_aiop__sb_invoices_unit_id",  # R9
        "accepted_values_int_deal_stages_dated_is_known_stage",  # mystery
        "not_null_stg_aiop__cases_case_category",                # K3
        "not_null_stg_aiop__zoom_meetings_duration_seconds",     # m4
    ):
        assert re.search(rf"warn\s+test\s+{test}", output), test


# -- multi-tenancy: static guard -------------------------------------------------------------------


def _sql_files():
    for folder in ("models/intermediate/org", "models/marts/org", "tests/marts/org"):
        yield from sorted((PROJECT / folder).glob("*.sql"))


def _without_comments(text: str) -> str:
    return re.sub(r"--[^\n]*", "", text)


def _balanced(text: str, start: int) -> str:
    depth = 0
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return text[start + 1:index]
    raise AssertionError("unbalanced parentheses")


def test_every_window_partitions_by_org_id():
    checked = 0
    for path in _sql_files():
        text = _without_comments(path.read_text())
        named = {match.group(1): _balanced(text, match.end() - 1)
                 for match in re.finditer(r"\b(\w+)\s+as\s+\((?=\s*partition\b)", text)}
        for match in re.finditer(r"\bover\s*(\(|\w+)", text):
            spec = _balanced(text, match.end() - 1) if match.group(1) == "(" else named[match.group(1)]
            partition = spec.split("order by")[0]
            assert re.search(r"partition\s+by\s+(\w+\.)?org_id\b", partition), f"{path.name}: over ({spec.strip()})"
            checked += 1
    assert checked > 20


def test_every_join_between_org_tables_matches_org_id():
    checked = 0
    for path in _sql_files():
        text = _without_comments(path.read_text())
        for match in re.finditer(r"\b(?:inner|left)\s+join\s+(\S+)(?:\s+as\s+(\w+))?\s+on\s+(.*?)(?=\n\s*(?:inner|left|cross|where|group|window|order|\)|$))",
                                 text, flags=re.S):
            joined = match.group(2) or match.group(1)
            if joined == "funnel_stages":  # the funnel's stage list, not an org's table
                continue
            assert "org_id" in match.group(3), f"{path.name}: join {joined} on {match.group(3).strip()}"
            checked += 1
    assert checked > 40


# -- build times: stable ids, created_at / updated_at ----------------------------------------------


@pytest.mark.slow
def test_rebuilds_keep_unchanged_rows_byte_identical_and_date_changes(org):
    before = {mart: org.query(f"select * from marts_org.{mart} order by id") for mart in MARTS}
    again = org.build("marts.org", as_of_date=AS_OF)
    assert again.exit_code == 0, again.output
    for mart in MARTS:
        assert org.query(f"select * from marts_org.{mart} order by id") == before[mart], mart

    first = dict(org.query("select sales_date, created_at from marts_org.mart_sales_daily"))
    built_at = first[d("2026-03-03")]
    # one day later, with an invoice of 2026-03-03 corrected from 60 to 70
    org.change_sources("update aiop.sb_invoices set amount = 70.00 where org_id = 1 and invoice_id = 'I9'")
    later = org.build("source:aiop+", as_of_date="2026-03-04")
    assert later.exit_code == 0, later.output
    sales = {row[0]: row[1:] for row in org.query(
        "select sales_date, id, created_at, updated_at, total_revenue from marts_org.mart_sales_daily")}
    # unchanged day: same id, same build times
    assert sales[d("2026-02-26")][:3] == (120510, built_at, built_at)
    # changed day: same id and created_at, a later updated_at
    assert sales[d("2026-03-03")][0] == 120515
    assert sales[d("2026-03-03")][1] == built_at
    assert sales[d("2026-03-03")][2] > built_at
    assert sales[d("2026-03-03")][3] == D("110.00")
    # new day: written now
    assert sales[d("2026-03-04")][1] == sales[d("2026-03-04")][2] == sales[d("2026-03-03")][2]
    # the monthly financials did not change (the next line is dated 03-05): build times kept
    assert {row[0] for row in org.query("select distinct updated_at from marts_org.mart_financial_metrics")} == {built_at}


# -- multi-tenancy: identical twins ---------------------------------------------------------------

# the org whose fixture rows each table's twin copies
# -- the semantic layer: a margin over a quarter is a ratio of sums ----------------------------


def test_gross_margin_over_a_quarter_is_a_ratio_of_sums(org, tmp_path):
    # before the twin test below, which leaves org 2 a copy of org 1
    out = tmp_path / "margin.csv"
    engine = [] if org.engine == "postgres" else ["--target", org.engine]
    result = cli("metrics", "query", "-m", "org_gross_margin_rate", "-g", "org", "-g", "metric_time__quarter",
                 "--csv", str(out), *engine, env=org.env)
    assert result.exit_code == 0, result.output
    with out.open(newline="") as handle:
        got = {int(row["org"]): D(row["org_gross_margin_rate"]) for row in csv.DictReader(handle)}
    # Q1 2026, org 1: gross profit 1800 (Jan) + 250 (Feb) + 0 (Mar) over Income revenue 3000 +
    # 500 (Feb's 4.25 of Other Income is not Income) = 2050 / 3500 = 0.585714..., not the mean
    # of 60% and 50%; org 2: -100 / 1000 = -0.1
    assert got[1] == pytest.approx(D(2050) / D(3500), rel=D("1e-9"))
    assert got[2] == pytest.approx(D("-0.1"), rel=D("1e-9"))
    assert set(got) == {1, 2}


TWIN_SOURCE = {
    "qb_accounts": 1, "qb_journal_lines": 1, "hs_contacts": 2, "hs_contact_lifecycle_history": 2,
    "hs_deals": 2, "hs_deal_stage_history": 2, "hs_deal_stages": 2, "zoom_users": 2, "zoom_meetings": 2,
    "zoom_phone_calls": 2, "zoom_call_queues": 2, "case_data_summary_nophi": 2, "ga4_daily": 2,
    "ga4_screens_daily": 2, "app_store_downloads_daily": 2, "sb_invoices": 1, "sb_work_orders": 1,
    "sb_rental_units": 1, "sb_rental_contracts": 1, "sb_unit_maintenance": 1, "sb_gl_accounts": 1,
    "sb_gl_entries": 1,
}


@pytest.mark.slow
def test_twin_orgs_with_identical_data_have_identical_mart_rows(org):
    twin_sql = ["update aiop.organizations set reporting_timezone = 'America/Chicago';"]
    for table, source in TWIN_SOURCE.items():
        twin_sql.append(f"""
            create temp table twin as select * from aiop.{table} where org_id = {source};
            delete from aiop.{table};
            update twin set org_id = 1;
            insert into aiop.{table} select * from twin;
            update twin set org_id = 2;
            insert into aiop.{table} select * from twin;
            drop table twin;
        """)
    org.load("aiop", FIXTURES / "aiop_orgs.sql")
    org.change_sources("".join(twin_sql))
    try:
        # a first build of the marts, so both twins' build times are this build's too
        org.query("drop schema if exists marts_org cascade")
        result = org.build("source:aiop+", as_of_date=AS_OF)
        assert result.exit_code == 0, result.output
        _assert_twins_identical(org)
    finally:
        # the module's fixture as the other tests know it, whatever order they run in
        org.load("aiop", FIXTURES / "aiop_orgs.sql")
        org.query("drop schema if exists marts_org cascade")
        restored = org.build("source:aiop+", as_of_date=AS_OF)
        assert restored.exit_code == 0, restored.output


def _assert_twins_identical(org) -> None:
    for mart, (key, _orgs) in MARTS.items():
        columns = [row[0] for row in org.query(
            "select column_name from information_schema.columns where table_schema = 'marts_org'"
            " and table_name = %s and column_name not in ('org_id', 'id') order by ordinal_position", (mart,))]
        order = key.replace("org_id, ", "")
        twins = [org.query(f"select {', '.join(columns)} from marts_org.{mart} where org_id = %s order by {order}",
                           (org_id,)) for org_id in (1, 2)]
        assert twins[0], mart
        assert twins[0] == twins[1], mart


# -- the small demo ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_org_marts_on_the_small_demo(demo_small):
    result, warehouse = demo_small
    assert result.exit_code == 0, result.output
    for mart, (_key, _orgs) in MARTS.items():
        rows, last = warehouse.query(f"select count(*), max(id) from marts_org.{mart}")[0]
        assert rows > 0 and last is not None, mart
    # two years of history to 2026-10-31 in every daily mart of the org that has the system
    assert warehouse.query(
        "select org_id, min(sales_date), max(sales_date) from marts_org.mart_sales_daily group by org_id") == [
        (1, d("2024-11-01"), d("2026-10-31"))]
    assert warehouse.query(
        "select count(*) from marts_org.mart_financial_metrics where total_assets <> total_liabilities + total_equity"
    ) == [(0,)]
    assert warehouse.query("select count(distinct health_status) from marts_org.mart_cash_flow")[0][0] >= 3


"""The semantic layer (`runner metrics`, MetricFlow) on the hand-worked app fixture.

fixtures/app.sql (see test_product.py for the whole table), reporting time zone
America/New_York, as_of_date 2026-03-18. The login days in scope (local dates; user 12
signed up after as_of_date, user 99 is an orphan, user 8's login of 03-19 is after it):

    user  validated  intent          logins
    1     yes        save_money      02-23 02-26 03-16
    2     no         save_money      02-22 (before signup: counts) 03-09
    3     yes        invest          03-02
    4     yes        other           03-05
    6     yes        other           03-08
    8     yes        pay_off_debt    03-08 03-18
    9     yes        track_spending  03-11 03-17
    11    yes        build_credit    03-17

Active users (a login) by month, all accounts: February {1, 2} = 2, March {1, 2, 3, 4, 6, 8,
9, 11} = 8. Over the first quarter 8 distinct users, not 2 + 8 = 10: users 1 and 2 are
active in both months and count once. validated_emails: February {1}, March {1, 3, 4, 6, 8,
9, 11} = 7, the quarter 7 (not 8). validated_emails and save_money: {1} in each month, the
quarter 1 (not 2).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from conftest import assert_one_line_error, cli

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = "2026-03-18"
ZONE = "America/New_York"
VALIDATED = "{{ Dimension('user_activity__email_validated') }} = true"
SAVE_MONEY = "{{ Dimension('user_activity__intent_category') }} = 'save_money'"


@pytest.fixture(scope="module")
def semantic(fixture_warehouse):
    fixture_warehouse.load("app", FIXTURES / "app.sql")
    result = fixture_warehouse.build(
        "source:app+ motivation_intent_map+ int_metric_days_spined", as_of_date=AS_OF, reporting_timezone=ZONE
    )
    assert result.exit_code == 0, result.output
    return fixture_warehouse


def metrics_query(warehouse, tmp_path, *args: str) -> list[dict]:
    """`runner metrics query ... --csv` on the warehouse; the rows as dicts of text."""
    out = tmp_path / f"result-{len(list(tmp_path.iterdir()))}.csv"
    result = cli("metrics", "query", *args, "--csv", str(out), env=warehouse.env)
    assert result.exit_code == 0, result.output
    with out.open(newline="") as handle:
        return list(csv.DictReader(handle))


def day(text: str) -> date:
    return date.fromisoformat(text[:10])


def test_active_users_by_month_equal_the_vanity_mart(semantic, tmp_path):
    rows = metrics_query(semantic, tmp_path, "--metrics", "active_users,dashboard_users",
                         "--group-by", "metric_time__month")
    got = {day(row["metric_time__month"]): (int(row["active_users"]), int(row["dashboard_users"] or 0))
           for row in rows}
    mart = {month: (mau, dashboard) for month, mau, dashboard in semantic.query(
        "select month_start, mau, dashboard_users from marts_product.fct_vanity_metrics_monthly"
        " where account_filter = 'all_accounts' and intent_category = 'all'")}
    assert got == {month: values for month, values in mart.items() if values != (0, 0)}
    assert got[date(2026, 2, 1)][0] == 2 and got[date(2026, 3, 1)][0] == 8


def test_daily_wau_and_mau_equal_the_active_users_mart(semantic, tmp_path):
    # the mart's days run from the first signup (02-23) to as_of_date; the fact also holds
    # user 2's login of 02-22, which still counts in the windows of the days after it
    rows = metrics_query(semantic, tmp_path, "-m", "active_users", "-m", "wau", "-m", "mau_28d",
                         "-g", "metric_time__day", "--start-time", "2026-02-23", "--end-time", AS_OF)
    got = {day(row["metric_time__day"]): tuple(int(row[name] or 0) for name in ("active_users", "wau", "mau_28d"))
           for row in rows}
    mart = {on: (dau, wau, mau) for on, dau, wau, mau in semantic.query(
        "select activity_date, dau, wau, mau_28d from marts_product.fct_active_users_daily"
        " where account_filter = 'all_accounts' and intent_category = 'all'")}
    # MetricFlow has no row for a day nobody counts on: the mart's zero
    assert {on: got.get(on, (0, 0, 0)) for on in mart} == mart
    assert set(got) <= set(mart)
    assert got[date(2026, 2, 23)] == (1, 2, 2)  # user 1 that day; user 2's 02-22 in both windows
    # 03-17: dau users 9 and 11; wau 03-11..17 users 1, 9, 11; mau_28d 02-18..03-17 all eight
    assert got[date(2026, 3, 17)] == (2, 3, 8)


def test_a_quarter_counts_each_user_once(semantic, tmp_path):
    rows = metrics_query(semantic, tmp_path, "-m", "active_users", "-g", "metric_time__quarter")
    assert [(day(row["metric_time__quarter"]), int(row["active_users"])) for row in rows] == [(date(2026, 1, 1), 8)]


@pytest.mark.parametrize(("account_filter", "intent", "where", "by_month", "quarter"), [
    ("validated_emails", "all", [VALIDATED], {date(2026, 2, 1): 1, date(2026, 3, 1): 7}, 7),
    ("validated_emails", "save_money", [VALIDATED, SAVE_MONEY], {date(2026, 2, 1): 1, date(2026, 3, 1): 1}, 1),
])
def test_a_filter_combination_is_exact_at_any_grain(semantic, tmp_path, account_filter, intent, where, by_month, quarter):
    filters = [part for condition in where for part in ("--where", condition)]
    months = metrics_query(semantic, tmp_path, "-m", "active_users", "-g", "metric_time__month,metric_time__quarter", *filters)
    got = {day(row["metric_time__month"]): int(row["active_users"]) for row in months}
    assert got == by_month
    mart = dict(semantic.query(
        "select month_start, mau from marts_product.fct_vanity_metrics_monthly"
        " where account_filter = %s and intent_category = %s and mau > 0", (account_filter, intent)))
    assert got == mart
    quarters = metrics_query(semantic, tmp_path, "-m", "active_users", "-g", "metric_time__quarter", *filters)
    assert [int(row["active_users"]) for row in quarters] == [quarter]


def test_metrics_list_names_the_headline_metrics(semantic):
    result = cli("metrics", "list", env=semantic.env)
    assert result.exit_code == 0, result.output
    for name in ("active_users", "wau", "mau_28d", "stickiness", "signups", "activation_rate", "savings_rate",
                 "budget_utilization_rate", "recommendation_approval_rate", "ftd_conversion_rate", "org_revenue",
                 "org_net_income", "org_cash_balance", "fleet_utilization_rate", "affiliate_registrations"):
        assert name in result.output


def test_an_unknown_metric_is_one_line(semantic):
    result = cli("metrics", "query", "--metrics", "no_such_metric", "--group-by", "metric_time__month", env=semantic.env)
    assert_one_line_error(result, "MetricFlow could not run the query", "no_such_metric")


def test_a_bad_date_is_one_line_before_anything_runs():
    result = cli("metrics", "query", "--metrics", "active_users", "--end-time", "2026-13-01")
    assert_one_line_error(result, "--end-time must be a date")


@pytest.mark.parametrize("command", [["metrics", "list"], ["metrics", "query"]], ids=" ".join)
def test_metrics_commands_have_help_with_an_example(command):
    result = cli(*command, "--help")
    assert result.exit_code == 0 and "Example:" in result.output


MF_UNKNOWN_DIMENSION = """
ERROR: Got error(s) during query resolution.

Error #1:
  Message:

    The given input does not match any of the available group-by-items for
    SimpleMetric('active_users'). Common issues are:

      * Incorrect names.

  Query Input:

    WhereFilter(
      ["{{ Dimension('user_activity__nope') }} = 1"]
    )
    Object Builder Input:
      Dimension('user_activity__nope')

Log File:: /tmp/logs/metricflow.log
"""

MF_DATABASE_ERROR = """
ERROR: Database Error
  relation "intermediate.int_metric_days_spined" does not exist
  LINE 12: FROM "warehouse"."intermediate"."int_metric_days_spined" sub...

Log File:: /tmp/logs/metricflow.log
"""


def test_metricflow_errors_become_one_line():
    from runner.metrics import mf_error

    assert mf_error(MF_UNKNOWN_DIMENSION) == (
        "The given input does not match any of the available group-by-items for SimpleMetric('active_users')."
        " (in: Dimension('user_activity__nope'))"
    )
    assert mf_error(MF_DATABASE_ERROR) == 'Database Error: relation "intermediate.int_metric_days_spined" does not exist'

"""marts_finance on a hand-made finance platform: every number below was worked out by hand.

The fixture (fixtures/finance.sql) is built with as_of_date 2026-02-10 in America/New_York:
the end of as_of_date is 2026-02-11 00:00 in New York = 05:00 UTC. Ids are shortened to
their last digit: users 1-3, connections 1-6, budgets 1-5, goals 1-8, models 1-7;
transactions t01-t22 (t06 and t22 soft-deleted).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ENGINES

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = "2026-02-10"
TZ = "America/New_York"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.fixture(scope="module", params=ENGINES)
def finance(fixture_warehouse, request):
    fixture_warehouse = fixture_warehouse.on(request.param)
    fixture_warehouse.load("finance", FIXTURES / "finance.sql")
    result = fixture_warehouse.build("source:finance+", as_of_date=AS_OF, reporting_timezone=TZ)
    assert result.exit_code == 0, result.output
    return fixture_warehouse, result.output


def test_budget_vs_actual(finance):
    warehouse, _ = finance
    rows = warehouse.query(
        """
        select right(budget_id::text, 1), category, allocated_amount, actual_spend, variance, pct_used,
            is_over_budget, is_budgeted_category, is_valid_allocation, invalid_reason, is_complete_period
        from marts_finance.fct_budget_vs_actual
        order by budget_id, category
        """
    )
    assert rows == [
        # b1, user 1, January (complete: Jan 31 < Feb 10)
        # Dining: t03 200 (Jan 31, the last day, included) vs 150.50: 200 / 150.5 = 1.3289036... -> 1.328904
        ("1", "Dining", Decimal("150.50"), Decimal("200.00"), Decimal("-49.50"), Decimal("1.328904"), True, True, True, None, True),
        # Groceries: t01 120 + t02 310 = 430 vs 400 (t11 on Dec 31 is outside)
        ("1", "Groceries", Decimal("400.00"), Decimal("430.00"), Decimal("-30.00"), Decimal("1.0750"), True, True, True, None, True),
        # Pets: allocated, never spent
        ("1", "Pets", Decimal("50.00"), Decimal("0.00"), Decimal("50.00"), Decimal("0.0000"), False, True, True, None, True),
        # Travel: "300" is a JSON string, not an amount: kept, spend shown (t04 250), the rest NULL
        ("1", "Travel", None, Decimal("250.00"), None, None, None, True, False, "allocation is a JSON string, not a number", True),
        # Shopping is not budgeted: t05 80 (t06 999 is soft-deleted)
        ("1", "Unbudgeted", Decimal("0.00"), Decimal("80.00"), Decimal("-80.00"), None, True, False, True, None, True),
        # b2, user 1, February (not complete): Groceries t08 100 of 300 = 0.333333; Dining t09 40 unbudgeted
        ("2", "Groceries", Decimal("300.00"), Decimal("100.00"), Decimal("200.00"), Decimal("0.333333"), False, True, True, None, False),
        ("2", "Unbudgeted", Decimal("0.00"), Decimal("40.00"), Decimal("-40.00"), None, True, False, True, None, False),
        # b3, user 2, Jan 15 - Feb 14: Dining t13 60 (Jan 15) + t14 50 (Feb 14) = 110 (t12 on
        # Jan 14 and t15 on Feb 15 are outside); the budget names 'Unbudgeted' itself (20), so
        # that row takes the unnamed Utilities spend t16 90: 90 / 20 = 4.5, no second row
        ("3", "Dining", Decimal("100.00"), Decimal("110.00"), Decimal("-10.00"), Decimal("1.1000"), True, True, True, None, False),
        ("3", "Unbudgeted", Decimal("20.00"), Decimal("90.00"), Decimal("-70.00"), Decimal("4.5000"), True, True, True, None, False),
        # b4, user 3, January: allocations is a JSON array, so every spend is unbudgeted:
        # t19 45.50 + t20 20.25 = 65.75
        ("4", "Unbudgeted", Decimal("0.00"), Decimal("65.75"), Decimal("-65.75"), None, True, False, True, None, True),
        # b5, user 3, February: Shopping 0 allocated, nothing spent (t22 soft-deleted): no
        # Unbudgeted row because there is no unbudgeted spend
        ("5", "Shopping", Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), None, False, True, True, None, False),
    ]


def test_goal_progress(finance):
    warehouse, _ = finance
    rows = warehouse.query(
        """
        select right(goal_id::text, 1), status, progress_rate, remaining_amount, days_to_deadline,
            required_monthly_amount, is_overdue, is_reached
        from marts_finance.fct_goal_progress
        order by goal_id
        """
    )
    assert rows == [
        # 300 / 1200; 900 left; Feb 10 -> May 20 = 18 + 31 + 30 + 20 = 99 days, age 3 months
        # 10 days -> 3 whole months: 900 / 3 = 300
        ("1", "ACTIVE", Decimal("0.2500"), Decimal("900.00"), 99, Decimal("300.00"), False, False),
        # deadline Jan 31 passed, ACTIVE, not reached: overdue, no required amount
        ("2", "ACTIVE", Decimal("0.4000"), Decimal("600.00"), -10, None, True, False),
        # 550 / 500 = 1.1 (not capped), remaining never below 0; deadline passed: NULL
        ("3", "ACHIEVED", Decimal("1.1000"), Decimal("0.00"), -40, None, False, True),
        # no deadline: no days, no required amount
        ("4", "ACTIVE", Decimal("0.0000"), Decimal("900.00"), None, None, False, False),
        # deadline passed but the target is reached: not overdue
        ("5", "ACTIVE", Decimal("1.0000"), Decimal("0.00"), -9, None, False, True),
        # 100 / 3000 = 0.0333333 -> 0.033333; ARCHIVED, 15 days left = 0 whole months, spread over at least 1: 2900
        ("6", "ARCHIVED", Decimal("0.033333"), Decimal("2900.00"), 15, Decimal("2900.00"), False, False),
        # the deadline is as_of_date itself: not past, not overdue, 0 whole months -> 900
        ("7", "ACTIVE", Decimal("0.1000"), Decimal("900.00"), 0, Decimal("900.00"), False, False),
        # Feb 10 -> Jun 9 = 18 + 31 + 30 + 31 + 9 = 119 days, age 3 months 30 days -> 3 whole
        # months: 1000 / 3 = 333.33
        ("8", "ACTIVE", Decimal("0.0000"), Decimal("1000.00"), 119, Decimal("333.33"), False, False),
    ]


def test_user_cashflow_monthly(finance):
    warehouse, _ = finance
    rows = warehouse.query(
        """
        select right(user_id::text, 1), month_start, income, expense, net, savings_rate, transaction_count,
            api_transactions, manual_transactions, file_import_transactions, avg_confidence_score,
            is_complete_period
        from marts_finance.fct_user_cashflow_monthly
        order by user_id, month_start
        """
    )
    assert rows == [
        # user 1, December: t11 75 expense only; no income, so no savings rate
        ("1", date(2025, 12, 1), Decimal("0.00"), Decimal("75.00"), Decimal("-75.00"), None, 1, 0, 1, 0, None, True),
        # January: income t07 3000; expenses 120 + 310 + 200 + 250 + 80 = 960 (t06 deleted);
        # net 2040 / 3000 = 0.68; API t01 t02 t05 t07, manual t03, file t04; confidence
        # (.90 + .80 + .70 + .60 + 1.00) / 5 = 0.80 (t03 has none)
        ("1", date(2026, 1, 1), Decimal("3000.00"), Decimal("960.00"), Decimal("2040.00"), Decimal("0.6800"), 6, 4, 1, 1, Decimal("0.8000"), True),
        # February: 3000 in, 100 + 40 out: 2860 / 3000 = 0.9533333 -> 0.953333; only t09 scored (.50)
        ("1", date(2026, 2, 1), Decimal("3000.00"), Decimal("140.00"), Decimal("2860.00"), Decimal("0.953333"), 3, 1, 2, 0, Decimal("0.5000"), False),
        # user 2, January: 500 in (t17); 30 + 60 + 90 out = 180; 320 / 500 = 0.64;
        # (.95 + .85 + .65 + .55) / 4 = 0.75
        ("2", date(2026, 1, 1), Decimal("500.00"), Decimal("180.00"), Decimal("320.00"), Decimal("0.6400"), 4, 2, 0, 2, Decimal("0.7500"), True),
        # February: t14 50 + t15 500, no income
        ("2", date(2026, 2, 1), Decimal("0.00"), Decimal("550.00"), Decimal("-550.00"), None, 2, 0, 2, 0, None, False),
        # user 3, January: 1000 in, 45.50 + 20.25 = 65.75 out: 934.25 / 1000 = 0.93425 (kept: six places);
        # February has only the soft-deleted t22: no row
        ("3", date(2026, 1, 1), Decimal("1000.00"), Decimal("65.75"), Decimal("934.25"), Decimal("0.934250"), 3, 0, 2, 1, Decimal("0.4000"), True),
    ]


def test_model_registry(finance):
    warehouse, _ = finance
    rows = warehouse.query(
        """
        select right(model_id::text, 1), model_type, scope, right(user_id::text, 1), version, f1_score,
            trained_at, is_active, is_latest_for_scope
        from marts_finance.fct_model_registry
        order by model_id
        """
    )
    f1 = {row[0]: row[5] for row in rows}
    assert [row[:5] + row[6:] for row in rows] == [
        ("1", "CATEGORIZATION", "global", None, "1.0", utc(2025, 10, 1, 3), False, False),
        # the latest global CATEGORIZATION model (user_id NULL: one scope)
        ("2", "CATEGORIZATION", "global", None, "1.1", utc(2025, 12, 1, 3), True, True),
        ("3", "PREDICTION", "global", None, "2.0", utc(2025, 11, 1, 3), True, False),
        # trained later than 2.0 but never activated: latest, not active
        ("4", "PREDICTION", "global", None, "2.1", utc(2026, 1, 15, 3), False, True),
        ("5", "CATEGORIZATION", "user", "1", "u1.0", utc(2026, 1, 1, 3), False, False),
        ("6", "CATEGORIZATION", "user", "1", "u2.0", utc(2026, 2, 1, 3), True, True),
        # user 2's only model, inactive
        ("7", "CATEGORIZATION", "user", "2", "u1.0", utc(2026, 1, 10, 3), False, True),
    ]
    assert f1["1"] == pytest.approx(2 * 0.75 * 0.70 / 1.45)  # 0.7241
    assert f1["2"] == pytest.approx(2 * 0.80 * 0.60 / 1.40)  # 0.6857
    assert f1["3"] is None  # precision unknown
    assert f1["4"] is None  # precision + recall = 0
    assert f1["5"] == pytest.approx(0.9)
    assert f1["6"] == pytest.approx(2 * 0.5 * 1.0 / 1.5)  # 0.6667
    assert f1["7"] == pytest.approx(2 * 0.55 * 0.50 / 1.05)  # 0.5238


def test_connection_health(finance):
    warehouse, _ = finance
    rows = warehouse.query(
        """
        select right(connection_id::text, 1), status, last_sync, hours_since_sync, is_stale, transactions_synced
        from marts_finance.fct_connection_health
        order by connection_id
        """
    )
    assert rows == [
        # Feb 10 12:00 -> Feb 11 05:00 UTC = 17 h; t01 t02 t07 (t06 is soft-deleted)
        ("1", "ACTIVE", utc(2026, 2, 10, 12), Decimal("17.00"), False, 3),
        # Feb 10 04:00 -> 25 h > 24: stale (in UTC the day would end 5 h earlier: 20 h, fresh); t05 t09
        ("2", "ACTIVE", utc(2026, 2, 10, 4), Decimal("25.00"), True, 2),
        # 22 days = 528 h, but EXPIRED is never stale; t13 t16
        ("3", "EXPIRED", utc(2026, 1, 20, 5), Decimal("528.00"), False, 2),
        ("4", "ERROR", None, None, False, 0),
        # never synced, created 9 h before the end of as_of_date: not stale yet
        ("5", "ACTIVE", None, None, False, 0),
        # never synced, created Feb 1: stale
        ("6", "ACTIVE", None, None, True, 0),
    ]


def test_dirty_budgets_are_kept_and_reported_by_warn_tests(finance):
    _, output = finance
    # b1's "300" for Travel, and b4's allocations array
    assert re.search(r"warn\s+test int_budget_allocations_unpacked_allocation_is_an_amount: Got 1 result", output), output
    assert re.search(r"warn\s+test stg_finance__budgets_allocations_is_an_object: Got 1 result", output), output


def test_snapshot_records_connection_status_from_staging(finance):
    warehouse, _ = finance
    rows = warehouse.query(
        "select right(connection_id::text, 1), status, dbt_valid_to from snapshots.snap_finance__connections"
        " order by connection_id"
    )
    assert rows == [
        ("1", "ACTIVE", None), ("2", "ACTIVE", None), ("3", "EXPIRED", None),
        ("4", "ERROR", None), ("5", "ACTIVE", None), ("6", "ACTIVE", None),
    ]


def test_no_secret_or_pii_column_leaves_staging(finance):
    warehouse, _ = finance
    leaked = warehouse.query(
        """
        select table_schema, table_name, column_name
        from information_schema.columns
        where (table_schema = 'marts_finance'
            or (table_schema = 'snapshots' and table_name like 'snap_finance%')
            or (table_schema in ('staging', 'intermediate') and table_name like '%finance%'))
            and column_name ~ '(token|email|password|first_name|last_name|description|model_path)'
        """
    )
    assert leaked == []


def test_two_active_models_in_one_scope_fail_the_build(finance):
    """The registry's test fails on a second active model in a scope, the global one included."""
    warehouse, _ = finance
    base = (FIXTURES / "finance.sql").read_text()
    broken = base + (FIXTURES / "finance_two_active_models.sql").read_text()
    try:
        warehouse.load("finance", broken)
        failed = warehouse.build("stg_finance__ml_models+", as_of_date=AS_OF, reporting_timezone=TZ)
    finally:
        warehouse.load("finance", base)
        restored = warehouse.build("stg_finance__ml_models+", as_of_date=AS_OF, reporting_timezone=TZ)
    assert failed.exit_code == 1, failed.output
    # two scopes break: global CATEGORIZATION (user_id NULL) and user 1's CATEGORIZATION
    assert re.search(r"FAILED\s+test assert_one_active_model_per_user_and_type: Got 2 results", failed.output), failed.output
    assert restored.exit_code == 0, restored.output
    assert re.search(r"\bok\s+test\s+assert_one_active_model_per_user_and_type\b", restored.output), restored.output


@pytest.mark.slow
def test_demo_small_builds_finance(demo_small):
    result, warehouse = demo_small
    assert result.exit_code == 0, result.output
    counts = dict(
        warehouse.query(
            "select 'budget', count(*) from marts_finance.fct_budget_vs_actual"
            " union all select 'goals', count(*) from marts_finance.fct_goal_progress"
            " union all select 'cashflow', count(*) from marts_finance.fct_user_cashflow_monthly"
            " union all select 'models', count(*) from marts_finance.fct_model_registry"
            " union all select 'connections', count(*) from marts_finance.fct_connection_health"
        )
    )
    assert all(count > 0 for count in counts.values()), counts
    # the demo has stale connections, overdue goals, unbudgeted spend and invalid allocations
    stale, overdue, unbudgeted, invalid = warehouse.query(
        "select (select count(*) from marts_finance.fct_connection_health where is_stale),"
        " (select count(*) from marts_finance.fct_goal_progress where is_overdue),"
        " (select count(*) from marts_finance.fct_budget_vs_actual where not is_budgeted_category),"
        " (select count(*) from marts_finance.fct_budget_vs_actual where not is_valid_allocation)"
    )[0]
    assert min(stale, overdue, unbudgeted, invalid) > 0

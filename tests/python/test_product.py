"""marts_product on a hand-made fixture: every number below was worked out by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def thin(fixture_warehouse):
    fixture_warehouse.load("app", FIXTURES / "app_thin.sql")
    result = fixture_warehouse.build(
        "stg_app__users dim_app_users", as_of_date="2026-01-10", reporting_timezone="America/New_York"
    )
    assert result.exit_code == 0, result.output
    return fixture_warehouse


def test_signup_date_and_week_are_local_to_the_reporting_time_zone(thin):
    rows = thin.query("select user_id, signup_date, signup_week from marts_product.dim_app_users order by user_id")
    assert rows == [
        (1, date(2026, 1, 4), date(2025, 12, 29)),  # 23:30 Sunday in New York, though Monday in UTC
        (2, date(2026, 1, 5), date(2026, 1, 5)),
        (3, date(2025, 12, 31), date(2025, 12, 29)),  # the ISO week crosses the year boundary
    ]

"""marts_product on hand-made fixtures: every number below was worked out by hand.

fixtures/app.sql: twelve users around the 2026 DST change, reporting time zone
America/New_York, as_of_date Wednesday 2026-03-18. The users in scope (signed up by the
as_of day) and what each did, in local dates:

    user signup week  valid active intent         step done       logins (local)        other
    1    02-23  A     yes   yes    save_money     5    02-24 act. 02-23 02-26 03-16     dash 03-04, upload 02-25
    2    02-23  A     no    yes    save_money     3               02-22 (pre-signup) 03-09
    3    03-01  A     yes   yes    invest         5    03-12      03-02                 dash 03-01, upload 03-03
    4    03-02  B     yes   no     other          1               03-05
    5    03-03  B     no    yes    unknown        0
    6    03-08  B     yes   yes    other          0               03-08 (twice)
    7    03-08  B     no    yes    other          5    03-08 act.                       dash 03-10
    8    03-08  B     yes   yes    pay_off_debt   4               03-08 03-18
    9    03-10  C     yes   yes    track_spending 5    03-10 act. 03-11 03-17           uploads 03-16 03-18
    10   03-12  C     no    yes    unknown        0                                     feedback only
    11   03-17  D     yes   yes    build_credit   2               03-17

User 12 signed up on 03-19 and every event after the end of 03-18 is out of scope.
Weeks: A = Mon 02-23, B = Mon 03-02, C = Mon 03-09, D = Mon 03-16.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ENGINES

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = "2026-03-18"
ZONE = "America/New_York"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.fixture(scope="module", params=ENGINES)
def product(fixture_warehouse, request):
    fixture_warehouse = fixture_warehouse.on(request.param)
    fixture_warehouse.load("app", FIXTURES / "app.sql")
    result = fixture_warehouse.build(
        "source:app+ motivation_intent_map+", as_of_date=AS_OF, reporting_timezone=ZONE
    )
    assert result.exit_code == 0, result.output
    return fixture_warehouse


def test_dim_app_users_row_per_user(product):
    rows = {row["user_id"]: row for row in product.dicts("select * from marts_product.dim_app_users")}
    assert sorted(rows) == list(range(1, 12))  # user 12 signed up after as_of_date

    one = rows[1]
    assert one["signup_date"] == date(2026, 2, 23) and one["signup_week"] == date(2026, 2, 23)
    assert one["intent_category"] == "save_money" and one["is_activated"] is True
    assert one["first_login_at"] == utc("2026-02-23 16:00") and one["last_login_at"] == utc("2026-03-16 14:00")
    assert (one["login_days"], one["login_months"], one["dashboard_access_count"]) == (3, 2, 1)
    # legacy 101 and 102 count once through their l1 copies, 103 by itself: 3 transactions of
    # one upload; banks "Chase Checking" and " chase checking " are one, '' is none
    assert (one["transaction_count"], one["statement_uploads"], one["unique_banks"]) == (3, 1, 1)
    assert (one["first_transaction_date"], one["last_transaction_date"]) == (date(2026, 2, 20), date(2026, 2, 22))

    # signed up 22:30 EST on the 23rd though the 24th in UTC; the pre-signup login counts
    two = rows[2]
    assert (two["signup_date"], two["signup_week"]) == (date(2026, 2, 23), date(2026, 2, 23))
    assert (two["intent_category"], two["onboarding_last_step"]) == ("save_money", 3)
    assert (two["login_days"], two["login_months"]) == (2, 2)
    assert (two["transaction_count"], two["statement_uploads"], two["unique_banks"]) == (1, 0, 1)

    # Sunday 23:30 EST (Monday in UTC): cohort A; completed after 10 days, so not activated
    three = rows[3]
    assert (three["signup_date"], three["signup_week"], three["is_activated"]) == (date(2026, 3, 1), date(2026, 2, 23), False)
    assert (three["transaction_count"], three["statement_uploads"], three["unique_banks"]) == (2, 1, 1)

    assert rows[5]["intent_category"] == "unknown" and rows[5]["onboarding_last_step"] == 0
    assert rows[6]["intent_category"] == "other" and rows[7]["intent_category"] == "other"
    assert rows[4]["intent_category"] == "other" and rows[4]["is_active"] is False
    # two logins either side of the DST jump, one local day
    assert (rows[6]["login_days"], rows[6]["first_login_at"], rows[6]["last_login_at"]) == (
        1, utc("2026-03-08 06:45"), utc("2026-03-08 07:15"))
    # signed up 23:30 EDT on Sunday the 8th: cohort B; the login after the as_of day is cut
    eight = rows[8]
    assert (eight["signup_date"], eight["signup_week"]) == (date(2026, 3, 8), date(2026, 3, 2))
    assert (eight["login_days"], eight["last_login_at"]) == (2, utc("2026-03-18 23:00"))
    # fact 7 (created 22:00 EDT on the 18th) counts; fact 8 (created on the 19th) does not
    nine = rows[9]
    assert (nine["transaction_count"], nine["statement_uploads"], nine["unique_banks"]) == (2, 2, 2)
    assert nine["last_transaction_date"] == date(2026, 3, 18)
    assert rows[10]["login_days"] == 0 and rows[10]["first_login_at"] is None
    assert rows[11]["signup_week"] == date(2026, 3, 16)


def _vanity(product, account_filter, intent):
    return {
        row["month_start"]: row
        for row in product.dicts(
            "select * from marts_product.fct_vanity_metrics_monthly"
            " where account_filter = %s and intent_category = %s",
            (account_filter, intent),
        )
    }


def test_vanity_metrics_monthly_per_filter(product):
    combos = product.query(
        "select account_filter, intent_category, count(*) from marts_product.fct_vanity_metrics_monthly"
        " group by 1, 2 order by 1, 2"
    )
    # 8 all_accounts combinations and 7 validated ones (no validated user is `unknown`), 2 months each
    assert len(combos) == 15 and {row[2] for row in combos} == {2}

    everyone = _vanity(product, "all_accounts", "all")
    feb, mar = everyone[date(2026, 2, 1)], everyone[date(2026, 3, 1)]
    # February: users 1 and 2 (user 3 signed up on March 1st local); logins by both;
    # user 1's three February transactions, one upload, one bank
    assert [feb[k] for k in ("total_users", "new_users", "active_accounts", "mau", "dashboard_users")] == [2, 2, 2, 2, 0]
    assert [feb[k] for k in ("transactions", "statement_uploads", "unique_banks", "is_complete_period")] == [3, 1, 1, True]
    # March to the 18th: 11 users, 9 new, user 4 inactive; logins by 1,2,3,4,6,8,9,11;
    # dashboards by 1, 3 (03-01 local) and 7; transactions 104, facts 3, 4, 5, 7; uploads
    # b, c, d; banks wells fargo, ally savings, chase checking, amex
    assert [mar[k] for k in ("total_users", "new_users", "active_accounts", "mau", "dashboard_users")] == [11, 9, 10, 8, 3]
    assert [mar[k] for k in ("transactions", "statement_uploads", "unique_banks", "is_complete_period")] == [5, 3, 4, False]

    validated = _vanity(product, "validated_emails", "all")
    feb, mar = validated[date(2026, 2, 1)], validated[date(2026, 3, 1)]
    assert [feb[k] for k in ("total_users", "new_users", "mau", "transactions", "unique_banks")] == [1, 1, 1, 3, 1]
    # validated: 1, 3, 4, 6, 8, 9, 11; dashboards by 1 and 3; transactions of 3 and 9
    assert [mar[k] for k in ("total_users", "new_users", "active_accounts", "mau", "dashboard_users")] == [7, 6, 6, 7, 2]
    assert [mar[k] for k in ("transactions", "statement_uploads", "unique_banks")] == [4, 3, 3]

    savers = _vanity(product, "all_accounts", "save_money")
    mar = savers[date(2026, 3, 1)]
    assert [mar[k] for k in ("total_users", "new_users", "mau", "dashboard_users", "transactions", "unique_banks")] == [2, 0, 2, 1, 1, 1]
    unknown = _vanity(product, "all_accounts", "unknown")
    assert unknown[date(2026, 2, 1)]["total_users"] == 0 and unknown[date(2026, 3, 1)]["total_users"] == 2


def test_cohort_retention_weekly(product):
    rows = product.query(
        "select cohort_week, weeks_since_signup, cohort_size, activated_users, active_users, login_users,"
        " dashboard_users, upload_users, retention_rate, is_complete_period"
        " from marts_product.fct_cohort_retention_weekly"
        " where account_filter = 'all_accounts' and intent_category = 'all' order by 1, 2"
    )
    third, two_thirds = Decimal("0.333333"), Decimal("0.666667")
    assert rows == [
        # A (users 1, 2, 3): week 0 all three (user 2's pre-signup login counts in week 0)
        (date(2026, 2, 23), 0, 3, 1, 3, 2, 1, 1, Decimal("1.000000"), True),
        (date(2026, 2, 23), 1, 3, 1, 2, 1, 1, 1, two_thirds, True),   # 1 dashboard, 3 login+upload
        (date(2026, 2, 23), 2, 3, 1, 1, 1, 0, 0, third, True),        # 2 on 03-09
        (date(2026, 2, 23), 3, 3, 1, 1, 1, 0, 0, third, False),       # 1 on 03-16
        # B (users 4, 5, 6, 7, 8)
        (date(2026, 3, 2), 0, 5, 1, 3, 3, 0, 0, Decimal("0.600000"), True),
        (date(2026, 3, 2), 1, 5, 1, 1, 0, 1, 0, Decimal("0.200000"), True),  # 7's dashboard
        (date(2026, 3, 2), 2, 5, 1, 1, 1, 0, 0, Decimal("0.200000"), False),  # 8 on 03-18
        # C (users 9, 10): 10's feedback is not engagement
        (date(2026, 3, 9), 0, 2, 1, 1, 1, 0, 0, Decimal("0.500000"), True),
        (date(2026, 3, 9), 1, 2, 1, 1, 1, 0, 1, Decimal("0.500000"), False),
        (date(2026, 3, 16), 0, 1, 0, 1, 1, 0, 0, Decimal("1.000000"), False),
    ]
    validated_b = product.query(
        "select weeks_since_signup, cohort_size, active_users from marts_product.fct_cohort_retention_weekly"
        " where account_filter = 'validated_emails' and intent_category = 'all' and cohort_week = '2026-03-02'"
        " order by 1"
    )
    assert validated_b == [(0, 3, 3), (1, 3, 0), (2, 3, 1)]  # 4, 6, 8; nobody in week 1 (zero-filled)


def test_onboarding_funnel(product):
    def funnel(week):
        return product.query(
            "select step, users_reached, cohort_size, drop_off_users from marts_product.fct_onboarding_funnel"
            " where account_filter = 'all_accounts' and intent_category = 'all' and cohort_week = %s"
            " order by step_order",
            (week,),
        )

    # A: steps 5, 3, 5 (1 and 3 completed)
    assert funnel("2026-02-23") == [
        ("0", 3, 3, 0), ("1", 3, 3, 0), ("2", 3, 3, 0), ("3", 3, 3, 1), ("4", 2, 3, 0), ("5", 2, 3, 0),
        ("completed", 2, 3, None),
    ]
    # B: 4 at 1, 5 none (0), 6 at 0, 7 completed, 8 at 4
    assert funnel("2026-03-02") == [
        ("0", 5, 5, 2), ("1", 3, 5, 1), ("2", 2, 5, 0), ("3", 2, 5, 0), ("4", 2, 5, 1), ("5", 1, 5, 0),
        ("completed", 1, 5, None),
    ]
    assert funnel("2026-03-16") == [
        ("0", 1, 1, 0), ("1", 1, 1, 0), ("2", 1, 1, 1), ("3", 0, 1, 0), ("4", 0, 1, 0), ("5", 0, 1, 0),
        ("completed", 0, 1, None),
    ]
    rate = product.query(
        "select reach_rate from marts_product.fct_onboarding_funnel where account_filter = 'all_accounts'"
        " and intent_category = 'all' and cohort_week = '2026-02-23' and step = 'completed'"
    )
    assert rate == [(Decimal("0.666667"),)]


def test_active_users_daily(product):
    rows = {
        row[0]: row[1:]
        for row in product.query(
            "select activity_date, dau, wau, mau_28d, stickiness from marts_product.fct_active_users_daily"
            " where account_filter = 'all_accounts' and intent_category = 'all'"
        )
    }
    assert min(rows) == date(2026, 2, 23) and max(rows) == date(2026, 3, 18) and len(rows) == 24
    # 02-23: user 1 today; user 2's 02-22 login is inside the 7 and 28 days
    assert rows[date(2026, 2, 23)] == (1, 2, 2, Decimal("0.500000"))
    # 03-08: users 6 and 8 (23:45 EDT); week 03-02..08 adds 3 and 4; 28 days 02-09..03-08
    # also 1 and 2: six users
    assert rows[date(2026, 3, 8)] == (2, 4, 6, Decimal("0.333333"))
    # 03-17: users 9 and 11; week 03-11..17: 9, 1 (03-16), 11; 28 days: every user with a login
    assert rows[date(2026, 3, 17)] == (2, 3, 8, Decimal("0.250000"))
    # 03-18: user 8; week 03-12..18: 1, 9, 11, 8
    assert rows[date(2026, 3, 18)] == (1, 4, 8, Decimal("0.125000"))
    # 03-01: nobody; week 02-23..03-01 has only user 1 (user 2's 02-22 fell out); 28 days both
    assert rows[date(2026, 3, 1)] == (0, 1, 2, Decimal("0.000000"))
    validated = dict(product.query(
        "select activity_date, wau from marts_product.fct_active_users_daily"
        " where account_filter = 'validated_emails' and intent_category = 'all'"
    ))
    # validated users 3, 4, 6 and 8 logged in during 03-02..08; 2 is not validated
    assert validated[date(2026, 3, 8)] == 4 and validated[date(2026, 2, 23)] == 1


def test_user_status_snapshot_keeps_history_from_the_first_build(product):
    """Last in the module: it changes the fixture's source rows (and puts them back)."""
    first = product.query("select count(*) from snapshots.snp_app__user_status where dbt_valid_to is null")
    assert first == [(12,)]  # every user, one current version each, from the first build
    product.change_sources("update app.users set is_active = false, email_validated = true where id = 2")
    try:
        result = product.build("snp_app__user_status", as_of_date=AS_OF, reporting_timezone=ZONE)
        assert result.exit_code == 0, result.output
        history = product.query(
            "select is_active, email_validated, dbt_valid_to is null from snapshots.snp_app__user_status"
            " where user_id = 2 order by dbt_valid_from"
        )
        assert history == [(True, False, False), (False, True, True)]
        assert product.query("select count(*) from snapshots.snp_app__user_status") == [(13,)]
    finally:
        product.change_sources("update app.users set is_active = true, email_validated = false where id = 2")


def test_the_app_demo_data_carries_the_dirt_the_marts_must_survive(demo_small):
    result, demo = demo_small
    assert result.exit_code == 0, result.output
    (users, orphans, duplicates, before_signup, unknown_types) = demo.query(
        "select"
        " (select count(*) from app.users),"
        " (select count(*) from app.user_events e where not exists (select 1 from app.users u where u.id = e.user_id)),"
        " (select count(*) - count(distinct (user_id, event_type, event_timestamp)) from app.user_events),"
        " (select count(*) from app.user_events e join app.users u on u.id = e.user_id where e.event_timestamp < u.created_at),"
        " (select count(*) from app.user_events where event_type not in ('login', 'dashboard_access', 'feedback'))"
    )[0]
    assert users == 2000 and orphans > 0 and duplicates > 0 and before_signup > 0 and unknown_types > 0
    # both sides of local midnight and of both 2025-26 DST changes in New York
    dst = demo.query(
        "select count(distinct event_timestamp) from app.user_events where event_timestamp in"
        " ('2025-11-02 05:30+00', '2025-11-02 06:30+00', '2026-03-08 06:30+00', '2026-03-08 07:30+00',"
        " '2026-01-06 04:59+00', '2026-01-06 05:01+00')"
    )
    assert dst == [(6,)]
    labels = demo.query(
        "select count(*) filter (where account = ''), count(*) filter (where account <> trim(account)),"
        " count(*) filter (where account <> lower(account) and account <> upper(account)),"
        " count(*) filter (where account = upper(account) and account <> '')"
        " from app.l1_transaction_facts"
    )[0]
    assert all(count > 0 for count in labels)
    copies, legacy = demo.query(
        "select (select count(*) from app.l1_transaction_facts where legacy_transaction_id is not null),"
        " (select count(*) from app.transactions)"
    )[0]
    assert 0.7 < copies / legacy < 0.9  # 80% of legacy rows were copied to l1
    motivations = demo.query(
        "select count(*) filter (where motivation is null), count(*) filter (where trim(motivation) = ''),"
        " count(*) filter (where motivation <> lower(motivation)),"
        " (select count(*) from app.users u where not exists (select 1 from app.onboarding_responses o where o.user_id = u.id))"
        " from app.onboarding_responses"
    )[0]
    assert all(count > 0 for count in motivations)
    # every intent category, unknown and other appear in the marts
    intents = {row[0] for row in demo.query("select distinct intent_category from marts_product.dim_app_users")}
    assert intents == {"save_money", "pay_off_debt", "track_spending", "build_credit", "invest", "other", "unknown"}

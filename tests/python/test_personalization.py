"""marts_personalization on a hand-made SpendSense: every number below was worked out by hand.

The fixture (fixtures/spendsense.sql) is built with as_of_date 2026-02-10 in
America/New_York. All its times fall in EST (UTC-5), so the end of as_of_date is
2026-02-11 05:00 UTC and a local date is the UTC time minus five hours. Ids are shortened to
their last two digits: users 01-04, the operator 10, the admin 11; persona_history 11-32;
recommendations 01-08; uploads 01-08.
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
def spendsense(fixture_warehouse, request):
    fixture_warehouse = fixture_warehouse.on(request.param)
    fixture_warehouse.load("spendsense", FIXTURES / "spendsense.sql")
    result = fixture_warehouse.build("source:spendsense+ spendsense_personas", as_of_date=AS_OF, reporting_timezone=TZ)
    assert result.exit_code == 0, result.output
    return fixture_warehouse, result.output


def test_dim_spendsense_users(spendsense):
    warehouse, _ = spendsense
    rows = warehouse.query(
        """
        select right(user_id::text, 2), role, consent_status, consent_version, current_persona_id,
            current_persona_name, persona_changes, uploads_total, uploads_failed, last_upload_status,
            recommendations_total, recommendations_approved, recommendations_rejected,
            recommendations_pending, active_sessions, current_persona_source, profile_matches_history
        from marts_personalization.dim_spendsense_users
        order by user_id
        """
    )
    assert rows == [
        # u1: profile persona 2 (= its last history row 13); 3 history rows -> 2 changes;
        # uploads 01, 02 (failed), 07 (failed, the latest: Feb 10 16:00 UTC); recommendations
        # 01 approved, 02 rejected, 08 approved; sessions: 01 active, 02 expired in January,
        # 03 expires 04:59:59 UTC on the 11th, before the end of the 10th in New York -> 1
        ("01", "user", True, "1.0", 2, "VARIABLE_INCOME_BUDGETER", 2, 3, 2, "failed", 3, 2, 1, 0, 1, "profile", True),
        # u2: profile persona 5 (= row 23, which wins the tie with 22); uploads 03, 04 (04 the
        # latest, completed); 03 approved, 04 pending; session 04 (created 23:00 on the 10th
        # in New York) is active, 05 (created 01:00 on the 11th) not yet -> 1
        ("02", "user", True, "2.0", 5, "CUSTOM", 2, 2, 0, "completed", 2, 1, 0, 1, 1, "profile", True),
        # u3: no profile, so its latest history row (32, persona 1); 2 rows -> 1 change;
        # uploads 05 pending, 06 processing (the latest); 05 pending, 06 rejected; no session
        ("03", "user", False, "1.0", 1, "HIGH_UTILIZATION", 1, 2, 0, "processing", 2, 0, 1, 1, 0, "history", None),
        # u4: never assigned a persona; upload 08 (after as_of_date, still counted); 07 approved
        ("04", "user", True, "1.1", None, None, 0, 1, 0, "completed", 1, 1, 0, 0, 0, None, None),
        # the operator: session 06 active; the admin: nothing
        ("10", "operator", True, "1.0", None, None, 0, 0, 0, None, 0, 0, 0, 0, 1, None, None),
        ("11", "admin", True, "1.0", None, None, 0, 0, 0, None, 0, 0, 0, 0, 0, None, None),
    ]


def test_persona_assignments_ranges_ties_and_days(spendsense):
    warehouse, _ = spendsense
    rows = warehouse.query(
        """
        select right(history_id::text, 2), right(user_id::text, 2), persona_id, persona_name, valid_to,
            previous_persona_id, days_in_persona, is_current, assignment_number, is_superseded_at_once
        from marts_personalization.fct_persona_assignments
        order by history_id
        """
    )
    assert rows == [
        # u1. 11: Dec 2 -> Jan 15 (New York dates): 29 + 15 = 44 days; its name comes from the
        # persona seed, not the 'High Utilization' the history logged
        ("11", "01", 1, "HIGH_UTILIZATION", utc(2026, 1, 15, 12), None, 44, False, 1, False),
        # 12: Jan 15 -> Jan 31 22:00 in New York (Feb 1 03:00 UTC): 16 days (17 in UTC)
        ("12", "01", 3, "SUBSCRIPTION_HEAVY", utc(2026, 2, 1, 3), 1, 16, False, 2, False),
        # 13: current, Jan 31 -> as_of_date Feb 10: 10 days
        ("13", "01", 2, "VARIABLE_INCOME_BUDGETER", None, 3, 10, True, 3, False),
        # u2. 21: Dec 21 -> Jan 31: 10 + 31 = 41 days
        ("21", "02", 2, "VARIABLE_INCOME_BUDGETER", utc(2026, 1, 31, 20), None, 41, False, 1, False),
        # 22 and 23 were logged at the same instant: ordered by history_id, 22 first; its
        # range is empty (valid_to = assigned_at), 0 days, and 23 holds
        ("22", "02", 4, "SAVINGS_BUILDER", utc(2026, 1, 31, 20), 2, 0, False, 2, True),
        ("23", "02", 5, "CUSTOM", None, 4, 10, True, 3, False),
        # u3. 31: Jan 5 00:00 -> Feb 8 23:59 in New York: 26 + 8 = 34 days (35 in UTC)
        ("31", "03", 4, "SAVINGS_BUILDER", utc(2026, 2, 9, 4, 59), None, 34, False, 1, False),
        # 32: Feb 8 -> Feb 10: 2 days
        ("32", "03", 1, "HIGH_UTILIZATION", None, 4, 2, True, 2, False),
    ]


def test_persona_distribution_at_each_month_end(spendsense):
    warehouse, _ = spendsense
    rows = warehouse.query(
        """
        select month_start, persona_id, users_in_persona, users_entered, users_left, is_complete_period
        from marts_personalization.fct_persona_distribution_monthly
        order by month_start, persona_id
        """
    )
    # Months run from the first assignment's (December, in New York) to as_of_date's.
    # Month ends: Jan 1 05:00 UTC, Feb 1 05:00 UTC, and for February the end of as_of_date
    # (Feb 11 05:00 UTC).
    #   Dec end: u1 holds 1 (row 11), u2 holds 2 (row 21)
    #   Jan end: u1 holds 2 (row 13, assigned Feb 1 03:00 UTC = Jan 31 22:00 in New York; in
    #            UTC the month would end before it and u1 would still hold 3), u2 holds 5
    #            (row 23; the empty range of row 22 never holds), u3 holds 4 (row 31)
    #   Feb:     u1 holds 2, u2 holds 5, u3 holds 1 (row 32)
    # Entered (a row whose persona differs from the previous one), by local month:
    #   Dec: 1 (u1), 2 (u2); Jan: 3 (u1, row 12), 2 (u1, row 13), 4 (u2 row 22 and u3 row 31:
    #   2 users), 5 (u2); Feb: 1 (u3)
    # Left (a row followed by a different persona), by the local month of valid_to:
    #   Jan: 1 (u1, row 11), 3 (u1, row 12, Jan 31 22:00), 2 (u2, row 21), 4 (u2, row 22);
    #   Feb: 4 (u3, row 31, Feb 8 23:59)
    dec, jan, feb = date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)
    assert rows == [
        (dec, 1, 1, 1, 0, True),
        (dec, 2, 1, 1, 0, True),
        (dec, 3, 0, 0, 0, True),
        (dec, 4, 0, 0, 0, True),
        (dec, 5, 0, 0, 0, True),
        (jan, 1, 0, 0, 1, True),
        (jan, 2, 1, 1, 1, True),
        (jan, 3, 0, 1, 1, True),
        (jan, 4, 1, 2, 1, True),
        (jan, 5, 1, 1, 0, True),
        (feb, 1, 1, 1, 0, False),
        (feb, 2, 1, 0, 0, False),
        (feb, 3, 0, 0, 0, False),
        (feb, 4, 0, 0, 1, False),
        (feb, 5, 1, 0, 0, False),
    ]


def test_recommendations_review_and_persona_at_creation(spendsense):
    warehouse, _ = spendsense
    rows = warehouse.query(
        """
        select right(recommendation_id::text, 2), type, status, decided_at, right(decided_by::text, 2),
            review_hours, is_pending, pending_age_hours, rejection_reason, persona_id_at_creation,
            has_unknown_decider
        from marts_personalization.fct_recommendations
        order by recommendation_id
        """
    )
    assert rows == [
        # 14:00 -> 16:30 UTC = 2.5 h; u1 holds persona 2 since Feb 1 03:00 UTC
        ("01", "education", "approved", utc(2026, 2, 6, 16, 30), "10", Decimal("2.5000"), False, None, None, 2, False),
        # 20:00 -> 06:00 next day = 10 h, rejected by the admin
        ("02", "education", "rejected", utc(2026, 2, 7, 6), "11", Decimal("10.0000"), False, None, "not_eligible", 2, False),
        # 12:00 -> 04:30 next day = 16.5 h; the approving operator was deleted: decided_by NULL
        ("03", "education", "approved", utc(2026, 2, 8, 4, 30), None, Decimal("16.5000"), False, None, None, 5, True),
        # pending: Feb 8 10:00 UTC -> Feb 11 05:00 UTC = 2 days 19 h = 67 h
        ("04", "partner_offer", "pending", None, None, None, True, Decimal("67.0000"), None, 5, False),
        # pending: Feb 9 03:00 -> Feb 11 05:00 = 50 h; created 1 minute before u3 moved from
        # persona 4 to 1 (Feb 9 04:59 UTC)
        ("05", "partner_offer", "pending", None, None, None, True, Decimal("50.0000"), None, 4, False),
        # 05:00 -> 05:20 next day = 24 h 20 min = 24.333333 h; created after the move: persona 1
        ("06", "partner_offer", "rejected", utc(2026, 2, 10, 5, 20), "10", Decimal("24.333333"), False, None, "tone_check_failed", 1, False),
        # u4 never had a persona
        ("07", "education", "approved", utc(2026, 2, 10, 14, 15), "10", Decimal("1.2500"), False, None, None, None, False),
        ("08", "education", "approved", utc(2026, 2, 10, 3), "10", Decimal("12.0000"), False, None, None, 2, False),
    ]


def test_recommendation_review_daily_backlog_and_medians(spendsense):
    warehouse, _ = spendsense
    rows = warehouse.query(
        """
        select review_date, type, created, approved, rejected, pending_backlog, median_review_hours,
            approval_rate, is_complete_period
        from marts_personalization.fct_recommendation_review_daily
        order by review_date, type
        """
    )
    # Every New York date from the first creation (Feb 6) to as_of_date, both types.
    # education: created Feb 6 (01, 02), Feb 7 (03), Feb 9 (08), Feb 10 (07); decided Feb 6
    # (01), Feb 7 (02 at 01:00, 03 at 23:30), Feb 9 (08 at 22:00), Feb 10 (07).
    # partner_offer: created Feb 8 (04 at 05:00, 05 at 22:00), Feb 9 (06 at 00:00); decided
    # Feb 10 (06 at 00:20).
    # backlog = created so far - decided so far: education 2-1, 3-3, 3-3, 4-4, 5-5;
    # partner_offer 0, 0, 2-0, 3-0, 3-1.
    assert rows == [
        (date(2026, 2, 6), "education", 2, 1, 0, 1, Decimal("2.5000"), Decimal("1.0000"), True),
        (date(2026, 2, 6), "partner_offer", 0, 0, 0, 0, None, None, True),
        # median of 10 and 16.5 = 13.25; 1 approved of 2 decided
        (date(2026, 2, 7), "education", 1, 1, 1, 0, Decimal("13.2500"), Decimal("0.5000"), True),
        (date(2026, 2, 7), "partner_offer", 0, 0, 0, 0, None, None, True),
        (date(2026, 2, 8), "education", 0, 0, 0, 0, None, None, True),
        (date(2026, 2, 8), "partner_offer", 2, 0, 0, 2, None, None, True),
        (date(2026, 2, 9), "education", 1, 1, 0, 0, Decimal("12.0000"), Decimal("1.0000"), True),
        (date(2026, 2, 9), "partner_offer", 1, 0, 0, 3, None, None, True),
        (date(2026, 2, 10), "education", 1, 1, 0, 0, Decimal("1.2500"), Decimal("1.0000"), False),
        (date(2026, 2, 10), "partner_offer", 0, 0, 1, 2, Decimal("24.333333"), Decimal("0.0000"), False),
    ]


def test_data_uploads_daily(spendsense):
    warehouse, _ = spendsense
    rows = warehouse.query(
        """
        select upload_date, file_type, uploads, completed, failed, in_progress, success_rate,
            avg_processing_seconds, validation_errors, bytes_uploaded, is_complete_period
        from marts_personalization.fct_data_uploads_daily
        order by upload_date, file_type
        """
    )
    # New York dates Feb 7 (first upload) to Feb 10; upload 08 (Feb 11 in New York) is after
    # as_of_date and has no day here.
    assert rows == [
        # 01 completed (120 s, []) and 02 failed at 22:00 (2 errors): 1 / (1 + 1); 1000 + 500 bytes
        (date(2026, 2, 7), "csv", 2, 1, 1, 0, Decimal("0.5000"), Decimal("120.00"), 2, 1500, True),
        (date(2026, 2, 7), "json", 0, 0, 0, 0, None, None, 0, 0, True),
        # 04 at 23:30 (Feb 9 in UTC): completed in 60 s, errors NULL = 0
        (date(2026, 2, 8), "csv", 1, 1, 0, 0, Decimal("1.0000"), Decimal("60.00"), 0, 3000, True),
        # 03 completed in 300 s with one warning
        (date(2026, 2, 8), "json", 1, 1, 0, 0, Decimal("1.0000"), Decimal("300.00"), 1, 2000, True),
        (date(2026, 2, 9), "csv", 0, 0, 0, 0, None, None, 0, 0, True),
        (date(2026, 2, 9), "json", 0, 0, 0, 0, None, None, 0, 0, True),
        # 06 processing at 22:00 (Feb 11 in UTC): none finished, so no success rate
        (date(2026, 2, 10), "csv", 1, 0, 0, 1, None, None, 0, 100, False),
        # 05 pending, 07 failed with a malformed (object) validation_errors: 0 errors counted;
        # 0 completed of 1 finished; 400 + 50 bytes
        (date(2026, 2, 10), "json", 2, 0, 1, 1, Decimal("0.0000"), None, 0, 450, False),
    ]


def test_dirty_rows_are_kept_and_reported_by_warn_tests(spendsense):
    _, output = spendsense
    # the decision by a deleted operator (03) and the malformed validation_errors (07)
    assert re.search(r"warn\s+test fct_recommendations_decider_known: Got 1 result", output), output
    assert re.search(r"warn\s+test stg_spendsense__data_uploads_validation_errors_is_an_array: Got 1 result", output), output


def test_snapshot_records_the_current_persona_from_staging(spendsense):
    warehouse, _ = spendsense
    rows = warehouse.query(
        """
        select right(user_id::text, 2), persona_id, persona_name, dbt_valid_to
        from snapshots.snap_spendsense__user_profiles
        order by user_id
        """
    )
    assert rows == [("01", 2, "VARIABLE_INCOME_BUDGETER", None), ("02", 5, "CUSTOM", None)]
    columns = {
        row[0]
        for row in warehouse.query(
            "select column_name from information_schema.columns"
            " where table_schema = 'snapshots' and table_name = 'snap_spendsense__user_profiles'"
        )
    }
    assert not columns & {"signals_30d", "signals_180d"}, columns


def test_no_secret_or_pii_column_leaves_staging(spendsense):
    warehouse, _ = spendsense
    leaked = warehouse.query(
        """
        select table_schema, table_name, column_name
        from information_schema.columns
        where (table_schema = 'marts_personalization'
            or (table_schema = 'intermediate' and table_name ~ '^int_(persona|recommendation)')
            or (table_schema = 'snapshots' and table_name like 'snap_spendsense%'))
            and column_name ~ '(token|email|phone|password|oauth|file_name|s3_)'
        """
    )
    assert leaked == []
    tokens = warehouse.query(
        "select count(*) from marts_personalization.dim_spendsense_users as users"
        " where users::text like '%rt-secret%' or users::text like '%example.com%'"
    )
    assert tokens == [(0,)]


@pytest.mark.slow
def test_demo_small_builds_personalization(demo_small):
    result, warehouse = demo_small
    assert result.exit_code == 0, result.output
    counts = dict(
        warehouse.query(
            "select 'dim', count(*) from marts_personalization.dim_spendsense_users"
            " union all select 'assignments', count(*) from marts_personalization.fct_persona_assignments"
            " union all select 'distribution', count(*) from marts_personalization.fct_persona_distribution_monthly"
            " union all select 'recommendations', count(*) from marts_personalization.fct_recommendations"
            " union all select 'review', count(*) from marts_personalization.fct_recommendation_review_daily"
            " union all select 'uploads', count(*) from marts_personalization.fct_data_uploads_daily"
        )
    )
    assert all(count > 0 for count in counts.values()), counts
    # one current assignment per user with history, and the distribution's last month counts them
    current, users_with_history, held = warehouse.query(
        "select (select count(*) from marts_personalization.fct_persona_assignments where is_current),"
        " (select count(distinct user_id) from marts_personalization.fct_persona_assignments),"
        " (select sum(users_in_persona) from marts_personalization.fct_persona_distribution_monthly"
        "  where month_start = (select max(month_start) from marts_personalization.fct_persona_distribution_monthly))"
    )[0]
    assert current == users_with_history == held

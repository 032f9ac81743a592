"""marts_affiliate on a hand-made bronze fixture: every number below was worked out by hand.

The fixture (tests/python/fixtures/affiliate.sql) is built with reporting_timezone
Asia/Singapore (UTC+8) and as_of_date 2026-03-10, a Tuesday. "SGT" is Singapore time; the
end of as_of_date is 2026-03-11 00:00 SGT = 2026-03-10 16:00 UTC.
"""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ENGINES, postgres_only

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = "2026-03-10"
TZ = "Asia/Singapore"
MARTS = "marts_affiliate"
D = Decimal


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.fixture(scope="module", params=ENGINES)
def affiliate(fixture_warehouse, request):
    fixture_warehouse = fixture_warehouse.on(request.param)
    fixture_warehouse.load("affiliate", FIXTURES / "affiliate.sql")
    result = fixture_warehouse.build("source:affiliate+ affiliate_coin_rates", as_of_date=AS_OF, reporting_timezone=TZ)
    assert result.exit_code == 0, result.output
    return fixture_warehouse


# -- silver: every bronze row accounted for ------------------------------------------------


def test_every_bronze_row_is_silver_rejected_superseded_or_a_failed_load(affiliate):
    counts = {}
    for table, record_id, silver in (
        ("bronze_customers", "client_id", "silver_customers"),
        ("bronze_deposits", "deposit_id", "silver_deposits"),
        ("bronze_trades", "trade_activity_id", "silver_trades"),
        ("bronze_assets", "asset_id", "silver_assets"),
    ):
        [(total, failed, loaded, records)] = affiliate.query(
            f"select count(*), count(*) filter (where load_status = 'failed'),"
            f" count(*) filter (where load_status = 'loaded'),"
            f" count(distinct {record_id}) filter (where load_status = 'loaded') from affiliate.{table}"
        )
        [(silver_rows,)] = affiliate.query(f"select count(*) from {MARTS}.{silver}")
        [(rejected,)] = affiliate.query(
            f"select count(*) from {MARTS}.silver_rejected_records where source_table = %s", (table,)
        )
        counts[table] = (total, failed, silver_rows, rejected, loaded - records)
        assert loaded == silver_rows + rejected + (loaded - records)
    assert counts == {
        # 18 rows: 2 failed (c3f, c10f); silver C1 C2 C3 C4 C11 C13 C14; rejected C5 C6 C7 C8 C9 C12;
        # superseded c2a c5a c11a: 16 loaded = 7 + 6 + 3
        "bronze_customers": (18, 2, 7, 6, 3),
        # 19 rows: 1 failed (D13); silver D1-D6 D11 D15 D16; rejected D7 D8 D9 D10 D12 D14 D17 D18; superseded d3a
        "bronze_deposits": (19, 1, 9, 8, 1),
        # 11 rows: silver T1-T4 T9 T10 T11; rejected T5 T6 T7 T8
        "bronze_trades": (11, 0, 7, 4, 0),
        # 6 rows: 1 failed (S5); silver S1 (its second load); rejected S2 S3 S4; superseded S1's first load
        "bronze_assets": (6, 1, 1, 3, 1),
    }


def test_silver_customers_are_typed_latest_successful_loads(affiliate):
    rows = affiliate.query(
        f"select client_id, affiliate_id, register_time, register_date, country, status"
        f" from {MARTS}.silver_customers order by client_id"
    )
    assert rows == [
        # 2026-03-01 16:30Z is Monday 2026-03-02 00:30 SGT
        ("C1", "AFF1", utc(2026, 3, 1, 16, 30), date(2026, 3, 2), "SG", "active"),
        ("C11", "AFF1", utc(2026, 3, 2, 10), date(2026, 3, 2), None, "active"),  # its fixed re-load wins
        ("C13", "AFF1", utc(2026, 2, 2), date(2026, 2, 2), None, "active"),
        ("C14", "AFF1", utc(2026, 2, 2), date(2026, 2, 2), None, "active"),
        # no offset = UTC: 2026-02-28 17:00Z = 2026-03-01 01:00 SGT; the later load's status wins
        ("C2", "AFF1", utc(2026, 2, 28, 17), date(2026, 3, 1), "GB", "inactive"),
        ("C3", "AFF1", utc(2026, 3, 3, 1), date(2026, 3, 3), "SG", "active"),  # 09:00+08:00
        ("C4", "AFF2", utc(2026, 3, 2, 12, 0, 0, 500000), date(2026, 3, 2), "MY", "active"),
    ]


def test_silver_deposits_parse_amounts_coins_and_times(affiliate):
    rows = affiliate.query(
        f"select deposit_id, client_id, affiliate_id, deposit_time, deposit_date, deposit_coin, deposit_amount,"
        f" deposit_amount_usd, status from {MARTS}.silver_deposits order by deposit_id"
    )
    assert rows == [
        ("D1", "C1", "AFF1", utc(2026, 3, 2, 1), date(2026, 3, 2), "USDT", D("100.5"), D("100.5"), "completed"),
        ("D11", "C1", "AFF1", utc(2026, 3, 3), date(2026, 3, 3), "USDT", D("30"), D("30"), "failed"),
        ("D15", "C13", "AFF1", utc(2026, 3, 4), date(2026, 3, 4), "USDT", D("200"), D("200"), "completed"),
        ("D16", "C14", "AFF1", utc(2026, 3, 4, 0, 0, 1), date(2026, 3, 4), "USDT", D("300"), D("300"), "completed"),
        # 0.01 'btc' at the seed's 65,000 = 650; 00:00+08:00 = 03-04 16:00Z, SGT date 03-05
        ("D2", "C1", "AFF1", utc(2026, 3, 4, 16), date(2026, 3, 5), "BTC", D("0.01"), D("650"), "completed"),
        # pending, then re-loaded completed: the latest load wins; 03-08 17:00Z = Monday 03-09 01:00 SGT
        ("D3", "C2", "AFF1", utc(2026, 3, 8, 17), date(2026, 3, 9), "USDT", D("40"), D("40"), "completed"),
        ("D4", "C3", "AFF1", utc(2026, 3, 10, 1), date(2026, 3, 10), "USDC", D("50"), D("50"), "success"),
        ("D5", "C3", "AFF1", utc(2026, 3, 2), date(2026, 3, 2), "USDT", D("10"), D("10"), "completed"),
        # PEPE has no reference rate: NULL USD, still a deposit
        ("D6", "C4", "AFF2", utc(2026, 3, 4), date(2026, 3, 4), "PEPE", D("1000"), None, "completed"),
    ]


def test_silver_trades_and_assets(affiliate):
    trades = affiliate.query(
        f"select trade_activity_id, client_id, trade_date, trade_volume, trade_type, status"
        f" from {MARTS}.silver_trades order by trade_activity_id"
    )
    assert trades == [
        ("T1", "C1", date(2026, 3, 2), D("1000"), "buy", "completed"),
        ("T10", "C14", date(2026, 2, 3), D("50"), "buy", "completed"),
        ("T11", "C1", date(2026, 3, 5), D("250"), "buy", "completed"),  # 03-05 12:00Z = 20:00 SGT
        ("T2", "C1", date(2026, 3, 3), D("500"), "sell", "completed"),  # volume sent as "500"
        ("T3", "C2", date(2026, 2, 28), D("200"), "buy", "completed"),  # before C2 registered: kept
        ("T4", "C3", date(2026, 3, 3), D("70"), "buy", "pending"),
        ("T9", "C13", date(2026, 2, 4), D("100"), "sell", "completed"),  # 'SELL'
    ]
    assets = affiliate.query(
        f"select asset_id, client_id, balance, last_update_date, symbol, status, remark from {MARTS}.silver_assets"
    )
    assert assets == [("S1", "C1", D("100.5"), date(2026, 3, 5), "USDT", "active", "balance update")]


def test_rejected_records_carry_the_deciding_load_and_every_reason(affiliate):
    rows = affiliate.query(
        f"select source_table, record_id, affiliate_id, reason from {MARTS}.silver_rejected_records"
        f" order by source_table, record_id"
    )
    assert rows == [
        ("bronze_assets", "S2", "AFF2", "unknown client_id"),  # C5 is rejected, so S2 is an orphan
        ("bronze_assets", "S3", "AFF1", "negative balance"),
        ("bronze_assets", "S4", "AFF1", "unknown status"),  # dormant
        ("bronze_customers", "C12", "AFF1", "client_id does not match the record id"),
        ("bronze_customers", "C5", "AFF2", "missing register_time"),
        ("bronze_customers", "C6", "AFF1", "unparseable register_time"),  # 2026-02-30
        ("bronze_customers", "C7", "AFF1", "unknown status"),  # pending_kyc
        ("bronze_customers", "C8", "AFF1", "unknown affiliate_id"),  # AFF9
        ("bronze_customers", "C9", "AFF1", "data is not a json object"),
        ("bronze_deposits", "D10", "AFF2", "unknown client_id"),  # C99 never registered
        ("bronze_deposits", "D12", "AFF1", "missing deposit_time"),  # JSON null
        ("bronze_deposits", "D14", "AFF2", "unparseable deposit_amount"),  # an object
        ("bronze_deposits", "D17", "AFF1", "unknown status"),  # REVERSED
        ("bronze_deposits", "D18", "AFF1", "unparseable deposit_time"),
        ("bronze_deposits", "D7", "AFF1", "negative deposit_amount"),
        ("bronze_deposits", "D8", "AFF1", "unparseable deposit_amount"),  # "12,50"
        ("bronze_deposits", "D9", "AFF2", "unknown client_id"),  # C5 is rejected
        ("bronze_trades", "T5", "AFF1", "unparseable trade_type"),  # hold
        ("bronze_trades", "T6", "AFF1", "missing trade_type"),
        ("bronze_trades", "T7", "AFF2", "unknown client_id"),
        ("bronze_trades", "T8", "AFF2", "negative trade_volume"),
    ]
    [(reasons,)] = affiliate.query(f"select reasons from {MARTS}.silver_rejected_records where record_id = 'D18'")
    assert reasons == ["unparseable deposit_time", "negative deposit_amount", "unknown client_id"]
    # C5's latest successful load decided (03-04 13:00Z); its earlier valid load does not stand in
    [(loaded_at, data)] = affiliate.query(
        f"select load_timestamp, data from {MARTS}.silver_rejected_records where record_id = 'C5'"
    )
    assert loaded_at == utc(2026, 3, 4, 13)
    assert data == {"client_id": "C5", "affiliate_id": "AFF2", "country": "TH", "status": "closed"}


def test_failed_loads_are_neither_silver_nor_rejected(affiliate):
    ids = {"C10", "D13", "S5"}  # records whose only load failed
    found = affiliate.query(
        f"select client_id from {MARTS}.silver_customers union all select deposit_id from {MARTS}.silver_deposits"
        f" union all select asset_id from {MARTS}.silver_assets union all select record_id"
        f" from {MARTS}.silver_rejected_records"
    )
    assert ids.isdisjoint({row[0] for row in found})


# -- data quality --------------------------------------------------------------------------


def test_data_quality_metrics_per_table_and_load_date(affiliate):
    rows = affiliate.query(f"select * from {MARTS}.data_quality_metrics order by table_name, metric_date")
    none = None
    assert rows == [
        # table, load date (SGT), total, valid, invalid, failed, completeness, accuracy, consistency, timeliness
        ("bronze_assets", date(2026, 3, 4), 1, 1, 0, 0, D("100"), D("100"), D("100"), D("100")),
        # S1 second load, S2 (orphan), S3 (negative), S4 (status), S5 failed: 1 valid of 4 = 25%;
        # clients resolve for S1 S3 S4, not S2: 3 / 4 = 75%
        ("bronze_assets", date(2026, 3, 5), 5, 1, 3, 1, D("100"), D("25"), D("75"), D("100")),
        ("bronze_customers", date(2026, 2, 2), 2, 2, 0, 0, D("100"), D("100"), D("100"), D("100")),
        ("bronze_customers", date(2026, 3, 1), 1, 1, 0, 0, D("100"), D("100"), D("100"), D("100")),  # c2a at 02:00 SGT
        # c1 c5a c6 c7 c8 c9 c10f c11a c12 (13:00Z = 21:00 SGT; c1 at 01:00 SGT): 8 successful, valid c1 c5a;
        # complete 7/8 (c9 is an array) = 87.50; accuracy 2/8 = 25; affiliate resolves 6/7 with one
        # (AFF9 does not; c9 has none) = 85.71; timely 5/5 of the readable times (c6 c9 c11a unreadable)
        ("bronze_customers", date(2026, 3, 2), 9, 2, 6, 1, D("87.50"), D("25"), D("85.71"), D("100")),
        # c2b c3 c11b valid, c3f failed; timely: c3 (1 h), c11b (16 h), not c2b (57 h) = 2/3
        ("bronze_customers", date(2026, 3, 3), 4, 3, 0, 1, D("100"), D("100"), D("100"), D("66.67")),
        # c5b lacks register_time: incomplete, invalid, its affiliate resolves, no time to judge
        ("bronze_customers", date(2026, 3, 4), 1, 0, 1, 0, D("0"), D("0"), D("100"), none),
        ("bronze_customers", date(2026, 3, 5), 1, 1, 0, 0, D("100"), D("100"), D("100"), D("0")),  # c4: 3 days late
        ("bronze_deposits", date(2026, 3, 2), 2, 2, 0, 0, D("100"), D("100"), D("100"), D("100")),
        # D7 D8 D9 D10 D11 D12 D14 D17 D18 + failed D13: only D11 valid = 1/9 = 11.11; complete 8/9 (D12 null);
        # clients resolve 6/9 (D9 C5, D10 C99, D18 C99 do not) = 66.67; timely 7/7 (D12, D18 unreadable)
        ("bronze_deposits", date(2026, 3, 3), 10, 1, 8, 1, D("88.89"), D("11.11"), D("66.67"), D("100")),
        ("bronze_deposits", date(2026, 3, 4), 3, 3, 0, 0, D("100"), D("100"), D("100"), D("100")),
        ("bronze_deposits", date(2026, 3, 5), 1, 1, 0, 0, D("100"), D("100"), D("100"), D("100")),
        ("bronze_deposits", date(2026, 3, 9), 1, 1, 0, 0, D("100"), D("100"), D("100"), D("100")),
        # d3b (27 h after the event) and d4 (1 h): 1/2 timely
        ("bronze_deposits", date(2026, 3, 10), 2, 2, 0, 0, D("100"), D("100"), D("100"), D("50")),
        ("bronze_trades", date(2026, 2, 3), 1, 1, 0, 0, D("100"), D("100"), D("100"), D("100")),
        ("bronze_trades", date(2026, 2, 4), 1, 1, 0, 0, D("100"), D("100"), D("100"), D("100")),
        ("bronze_trades", date(2026, 2, 28), 1, 1, 0, 0, D("100"), D("100"), D("100"), D("100")),
        ("bronze_trades", date(2026, 3, 2), 1, 1, 0, 0, D("100"), D("100"), D("100"), D("100")),
        # T2 T4 valid; T5 T6 T7 T8 invalid: 2/6 = 33.33; complete 5/6 (T6) = 83.33; clients 5/6 (T7) = 83.33
        ("bronze_trades", date(2026, 3, 3), 6, 2, 4, 0, D("83.33"), D("33.33"), D("83.33"), D("100")),
        ("bronze_trades", date(2026, 3, 9), 1, 1, 0, 0, D("100"), D("100"), D("100"), D("0")),  # T11 3.5 days late
    ]


# -- gold ----------------------------------------------------------------------------------

PERIOD_COLUMNS = (
    "signups, ftd_clients, depositing_clients, deposit_count, deposit_amount_usd, trading_clients,"
    " trade_count, trade_volume, buy_volume, sell_volume, is_complete_period"
)


def test_daily_metrics_are_zero_filled_from_the_local_join_date(affiliate):
    spans = affiliate.query(
        f"select affiliate_id, count(*), min(metric_date), max(metric_date),"
        f" count(*) filter (where is_complete_period) from {MARTS}.gold_affiliate_daily_metrics group by 1 order by 1"
    )
    assert spans == [
        # AFF1 joined 2026-01-31 20:00Z = 02-01 04:00 SGT: 28 February days + 10 March days;
        # only as_of_date itself is incomplete
        ("AFF1", 38, date(2026, 2, 1), date(2026, 3, 10), 37),
        ("AFF2", 10, date(2026, 3, 1), date(2026, 3, 10), 9),
        # AFF3 joins after as_of_date: no rows
    ]
    active = affiliate.query(
        f"select affiliate_id, metric_date, {PERIOD_COLUMNS} from {MARTS}.gold_affiliate_daily_metrics"
        f" where signups + deposit_count + trade_count + ftd_clients > 0 order by 1, 2"
    )
    zero = D("0")
    assert active == [
        ("AFF1", date(2026, 2, 2), 2, 0, 0, 0, zero, 0, 0, zero, zero, zero, True),  # C13, C14
        ("AFF1", date(2026, 2, 3), 0, 0, 0, 0, zero, 1, 1, D("50"), D("50"), zero, True),  # T10
        ("AFF1", date(2026, 2, 4), 0, 0, 0, 0, zero, 1, 1, D("100"), zero, D("100"), True),  # T9
        ("AFF1", date(2026, 2, 28), 0, 0, 0, 0, zero, 1, 1, D("200"), D("200"), zero, True),  # T3
        ("AFF1", date(2026, 3, 1), 1, 0, 0, 0, zero, 0, 0, zero, zero, zero, True),  # C2 (UTC: 02-28)
        # C1, C11 sign up; C1's FTD D1 (100.5) and C3's pre-registration D5 (10): 2 clients, 110.5; T1
        ("AFF1", date(2026, 3, 2), 2, 1, 2, 2, D("110.5"), 1, 1, D("1000"), D("1000"), zero, True),
        ("AFF1", date(2026, 3, 3), 1, 0, 0, 0, zero, 1, 1, D("500"), zero, D("500"), True),  # C3; T2
        # FTDs of C13 (D15, 200) and C14 (D16, 300)
        ("AFF1", date(2026, 3, 4), 0, 2, 2, 2, D("500"), 0, 0, zero, zero, zero, True),
        ("AFF1", date(2026, 3, 5), 0, 0, 1, 1, D("650"), 1, 1, D("250"), D("250"), zero, True),  # D2; T11
        ("AFF1", date(2026, 3, 9), 0, 1, 1, 1, D("40"), 0, 0, zero, zero, zero, True),  # D3, C2's FTD
        ("AFF1", date(2026, 3, 10), 0, 1, 1, 1, D("50"), 0, 0, zero, zero, zero, False),  # D4, C3's FTD
        ("AFF2", date(2026, 3, 2), 1, 0, 0, 0, zero, 0, 0, zero, zero, zero, True),  # C4
        # D6 in PEPE: counted, its unknown USD value adds 0
        ("AFF2", date(2026, 3, 4), 0, 1, 1, 1, zero, 0, 0, zero, zero, zero, True),
    ]


def test_weekly_metrics_use_local_monday_weeks(affiliate):
    rows = affiliate.query(
        f"select affiliate_id, week_start, {PERIOD_COLUMNS} from {MARTS}.gold_affiliate_weekly_metrics order by 1, 2"
    )
    zero = D("0")
    assert rows == [
        # 2026-02-01 (SGT join date) is a Sunday: its week starts Monday 01-26
        ("AFF1", date(2026, 1, 26), 0, 0, 0, 0, zero, 0, 0, zero, zero, zero, True),
        ("AFF1", date(2026, 2, 2), 2, 0, 0, 0, zero, 2, 2, D("150"), D("50"), D("100"), True),
        ("AFF1", date(2026, 2, 9), 0, 0, 0, 0, zero, 0, 0, zero, zero, zero, True),
        ("AFF1", date(2026, 2, 16), 0, 0, 0, 0, zero, 0, 0, zero, zero, zero, True),
        # C2 registered Sunday 03-01 SGT; T3 on 02-28
        ("AFF1", date(2026, 2, 23), 1, 0, 0, 0, zero, 1, 1, D("200"), D("200"), zero, True),
        # C1 (Monday 00:30 SGT, Sunday in UTC), C11, C3 sign up; FTDs C1, C13, C14; depositing C1 (D1, D2),
        # C3 (D5), C13, C14 = 4 clients, 5 deposits, 100.5 + 650 + 10 + 200 + 300 = 1260.5;
        # one trading client (C1: T1 1000 buy, T2 500 sell, T11 250 buy); complete: 03-08 < 03-10
        ("AFF1", date(2026, 3, 2), 3, 3, 4, 5, D("1260.5"), 1, 3, D("1750"), D("1250"), D("500"), True),
        # D3 (Monday 01:00 SGT, Sunday in UTC) and D4: FTDs of C2 and C3, 40 + 50
        ("AFF1", date(2026, 3, 9), 0, 2, 2, 2, D("90"), 0, 0, zero, zero, zero, False),
        ("AFF2", date(2026, 2, 23), 0, 0, 0, 0, zero, 0, 0, zero, zero, zero, True),  # joined Sunday 03-01
        ("AFF2", date(2026, 3, 2), 1, 1, 1, 1, zero, 0, 0, zero, zero, zero, True),
        ("AFF2", date(2026, 3, 9), 0, 0, 0, 0, zero, 0, 0, zero, zero, zero, False),
    ]


def test_monthly_metrics_recompute_distinct_clients(affiliate):
    rows = affiliate.query(
        f"select affiliate_id, month_start, {PERIOD_COLUMNS} from {MARTS}.gold_affiliate_monthly_metrics order by 1, 2"
    )
    zero = D("0")
    assert rows == [
        # February: C13, C14; trades T10 (C14), T9 (C13), T3 (C2) = 3 clients, 350
        ("AFF1", date(2026, 2, 1), 2, 0, 0, 0, zero, 3, 3, D("350"), D("250"), D("100"), True),
        # March: C2 C1 C11 C3; 5 FTDs; depositing C1 C2 C3 C13 C14 (5, not the weekly 4 + 2);
        # 7 deposits = 1350.5; one trading client (C1) with 3 trades
        ("AFF1", date(2026, 3, 1), 4, 5, 5, 7, D("1350.5"), 1, 3, D("1750"), D("1250"), D("500"), False),
        ("AFF2", date(2026, 3, 1), 1, 1, 1, 1, zero, 0, 0, zero, zero, zero, False),
    ]


def test_customer_funnel(affiliate):
    rows = affiliate.query(f"select * from {MARTS}.gold_affiliate_customer_funnel order by 1, 2")
    assert rows == [
        # C13, C14 (registered 02-02 00:00Z). FTDs: C13 at exactly 720 h (inside 30 days),
        # C14 at 720 h + 1 s (outside); median hours (720 + 720.000277...) / 2 = 720.000138888... -> 720.000139;
        # first trades 48 h (T9) and 24 h (T10): median 1.5 days
        ("AFF1", date(2026, 2, 1), 2, 2, 2, 0, 1, D("1"), D("1"), D("720.000139"), D("1.5")),
        # C2, C1, C11, C3. FTDs: C1 8.5 h, C3 exactly 168 h (inside 7 days), C2 192 h; C11 none:
        # 3/4 = 0.75. Traded: only C1 (C2's trade came before registration, C3's is pending):
        # 1/3 = 0.333333. Median of 8.5, 168, 192 = 168; C1's first trade 9.5 h = 0.3958333... -> 0.395833 days
        ("AFF1", date(2026, 3, 1), 4, 3, 1, 2, 3, D("0.75"), D("0.333333"), D("168"), D("0.395833")),
        # C4: FTD (PEPE) 36 h - 0.5 s after registration = 35.9998611... -> 35.999861 h
        ("AFF2", date(2026, 3, 1), 1, 1, 0, 1, 1, D("1"), D("0"), D("35.999861"), None),
    ]


def test_performance_trend_growth_rates(affiliate):
    rows = affiliate.query(
        f"select period_type, period_start, signups, previous_signups, signups_growth_rate, deposit_amount_usd,"
        f" previous_deposit_amount_usd, deposit_amount_usd_growth_rate, trade_volume, previous_trade_volume,"
        f" trade_volume_growth_rate from {MARTS}.gold_affiliate_performance_trend where affiliate_id = 'AFF1'"
        f" and (period_type = 'month' or (period_type = 'day' and period_start in ('2026-02-01', '2026-03-02',"
        f" '2026-03-03')) or (period_type = 'week' and period_start = '2026-03-09')) order by 1, 2"
    )
    zero = D("0")
    assert rows == [
        # the first day has no previous period: every growth rate NULL
        ("day", date(2026, 2, 1), 0, None, None, zero, None, None, zero, None, None),
        # signups 2 vs 1 = +100%; USD and volume had 0 the day before: NULL
        ("day", date(2026, 3, 2), 2, 1, D("1"), D("110.5"), zero, None, D("1000"), zero, None),
        # (1 - 2) / 2 = -0.5; (0 - 110.5) / 110.5 = -1; (500 - 1000) / 1000 = -0.5
        ("day", date(2026, 3, 3), 1, 2, D("-0.5"), zero, D("110.5"), D("-1"), D("500"), D("1000"), D("-0.5")),
        ("month", date(2026, 2, 1), 2, None, None, zero, None, None, D("350"), None, None),
        # (4 - 2) / 2 = 1; USD from 0: NULL; (1750 - 350) / 350 = 4
        ("month", date(2026, 3, 1), 4, 2, D("1"), D("1350.5"), zero, None, D("1750"), D("350"), D("4")),
        # (0 - 3) / 3 = -1; (90 - 1260.5) / 1260.5 = -0.928599... -> -0.928600; (0 - 1750) / 1750 = -1
        ("week", date(2026, 3, 9), 0, 3, D("-1"), D("90"), D("1260.5"), D("-0.9286"), zero, D("1750"), D("-1")),
    ]


def test_etl_dashboard(affiliate):
    rows = affiliate.query(
        f"select affiliate_id, data_source, last_successful_load, load_status, records_loaded, records_valid,"
        f" records_rejected, records_superseded, failed_loads, latest_event_time, freshness_hours, signups_30d,"
        f" deposit_amount_usd_30d, trade_volume_30d from {MARTS}.gold_etl_affiliate_dashboard order by 1, 2"
    )
    # 30 days ending 03-10 = 02-09 .. 03-10. AFF1: signups C2 C1 C11 C3 = 4 (C13, C14 on 02-02 are out);
    # USD 110.5 + 500 + 650 + 40 + 50 = 1350.5; volume T3 200 + T1 1000 + T2 500 + T11 250 = 1950
    aff1 = (4, D("1350.5"), D("1950"))
    aff2 = (1, D("0"), D("0"))
    nothing = (0, D("0"), D("0"))
    assert rows == [
        # freshness to 03-10 16:00Z: S1 updated 03-05 00:00Z -> 136 h; etl_status has no assets row
        ("AFF1", "assets", utc(2026, 3, 5, 1), None, 4, 1, 2, 1, 1, utc(2026, 3, 5), D("136"), *aff1),
        # 13 successful loads = 6 valid + 5 rejected (C6 C7 C8 C9 C12) + 2 superseded; C3 registered
        # 03-03 01:00Z -> 183 h
        ("AFF1", "customers", utc(2026, 3, 3, 2), "success", 13, 6, 5, 2, 2, utc(2026, 3, 3, 1), D("183"), *aff1),
        # D4 at 03-10 01:00Z -> 15 h
        ("AFF1", "deposits", utc(2026, 3, 10, 2), "success", 14, 8, 5, 1, 1, utc(2026, 3, 10, 1), D("15"), *aff1),
        # etl_status says 'FAILED ' (normalised); T11 at 03-05 12:00Z -> 124 h
        ("AFF1", "trades", utc(2026, 3, 9), "failed", 9, 7, 2, 0, 0, utc(2026, 3, 5, 12), D("124"), *aff1),
        ("AFF2", "assets", utc(2026, 3, 5, 1), None, 1, 0, 1, 0, 0, None, None, *aff2),
        # C4 registered 03-02 12:00:00.5Z -> 195.9998611... h -> 195.999861
        ("AFF2", "customers", utc(2026, 3, 5, 12), "success", 3, 1, 1, 1, 0, utc(2026, 3, 2, 12, 0, 0, 500000), D("195.999861"), *aff2),
        ("AFF2", "deposits", utc(2026, 3, 4, 1), "success", 4, 1, 3, 0, 0, utc(2026, 3, 4), D("160"), *aff2),
        ("AFF2", "trades", utc(2026, 3, 3, 1), "failed", 2, 0, 2, 0, 0, None, None, *aff2),
        ("AFF3", "assets", None, None, 0, 0, 0, 0, 0, None, None, *nothing),
        ("AFF3", "customers", None, "success", 0, 0, 0, 0, 0, None, None, *nothing),
        ("AFF3", "deposits", None, "success", 0, 0, 0, 0, 0, None, None, *nothing),
        ("AFF3", "trades", None, "failed", 0, 0, 0, 0, 0, None, None, *nothing),
    ]


# -- contract details ----------------------------------------------------------------------


def test_no_pii_reaches_a_mart(affiliate):
    columns = affiliate.query(
        "select table_name, column_name from information_schema.columns where table_schema = %s"
        " and column_name in ('name', 'email', 'source_file', 'error_message', 'metadata')",
        (MARTS,),
    )
    assert columns == []
    [(leaks,)] = affiliate.query(
        f"select count(*) from {MARTS}.silver_rejected_records where data::text like '%%@%%'"
    )
    assert leaks == 0


@pytest.mark.parametrize(
    "mart, date_column",
    [
        ("gold_affiliate_daily_metrics", "metric_date"),
        ("gold_affiliate_weekly_metrics", "week_start"),
        ("gold_affiliate_monthly_metrics", "month_start"),
        ("gold_affiliate_customer_funnel", "registration_month"),
        ("gold_affiliate_performance_trend", "period_start"),
        ("gold_etl_affiliate_dashboard", "data_source"),
    ],
)
def test_gold_marts_are_indexed_by_affiliate_and_date(affiliate, mart, date_column):
    postgres_only(affiliate, "indexes")
    definitions = [
        row[0]
        for row in affiliate.query("select indexdef from pg_indexes where schemaname = %s and tablename = %s", (MARTS, mart))
    ]
    affiliate_first = [d for d in definitions if "(affiliate_id, " in d and date_column in d]
    date_first = [d for d in definitions if f"({date_column}, " in d or f"(period_type, {date_column}" in d]
    assert affiliate_first, definitions  # the dashboards' per-affiliate filter
    assert date_first, definitions  # the primary key leads with the period: date-range filters


@pytest.mark.slow
def test_a_rebuild_swaps_gold_marts_atomically(affiliate):
    """A dashboard polling a gold mart during a rebuild sees the old table or the new one."""
    postgres_only(affiliate, "readers during a build (one process owns a DuckDB file)")
    query = f"select count(*), coalesce(sum(deposit_count), 0) from {MARTS}.gold_affiliate_daily_metrics"
    before = affiliate.query(query)[0]
    assert before == (48, 8)  # 38 + 10 days; 7 completed deposits of AFF1, 1 of AFF2 (see the daily test)
    seen, errors, stop = set(), [], threading.Event()

    def poll():
        while not stop.is_set():
            try:
                seen.add(affiliate.query(query)[0])
            except Exception as exc:  # a half-built or missing table would land here
                errors.append(repr(exc))
            time.sleep(0.01)

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        # one day earlier: 46 days, and D4 (03-10) no longer counts
        result = affiliate.build(
            "int_affiliate_period_metrics_aggregated+", as_of_date="2026-03-09", reporting_timezone=TZ
        )
    finally:
        stop.set()
        reader.join()
    assert result.exit_code == 0, result.output
    after = affiliate.query(query)[0]
    restored = affiliate.build("int_affiliate_period_metrics_aggregated+", as_of_date=AS_OF, reporting_timezone=TZ)
    assert restored.exit_code == 0, restored.output
    assert after == (46, 7)
    assert errors == []
    assert seen == {before, after}


# -- the demo ------------------------------------------------------------------------------


def test_the_affiliate_demo_carries_every_kind_of_dirt_and_accounts_for_it(demo_small):
    result, demo = demo_small
    assert result.exit_code == 0, result.output
    # re-loads, failed loads, retries, late loads, offsets and numbers as strings are all in bronze
    (reloaded, failed, with_offset, without_offset, string_amounts, late) = demo.query(
        "select"
        " (select count(*) from (select deposit_id from affiliate.bronze_deposits where load_status = 'loaded'"
        "   group by deposit_id having count(distinct data ->> 'status') > 1) as changed),"
        " (select count(*) from affiliate.bronze_deposits where load_status = 'failed' and error_message is not null),"
        " (select count(*) from affiliate.bronze_deposits where data ->> 'deposit_time' ~ '[+-][0-9]{2}:?[0-9]{2}$'),"
        " (select count(*) from affiliate.bronze_deposits where data ->> 'deposit_time' ~ ':[0-9]{2}$'"
        "   and data ->> 'deposit_time' !~ '[+-][0-9]{2}:?[0-9]{2}$'),"
        " (select count(*) from affiliate.bronze_deposits where jsonb_typeof(data -> 'deposit_amount') = 'string'),"
        " (select count(*) from intermediate.int_affiliate_deposits_validated where load_at > event_at + interval '2 days'"
        "   and version_status = 'current')"
    )[0]
    assert min(reloaded, failed, with_offset, without_offset, string_amounts, late) > 0
    # every kind of rejection the rules name shows up
    reasons = {row[0] for row in demo.query("select distinct reason from marts_affiliate.silver_rejected_records")}
    assert {
        "missing register_time", "unparseable register_time", "unknown status", "unknown affiliate_id",
        "missing affiliate_id", "data is not a json object", "client_id does not match the record id",
        "missing deposit_time", "unparseable deposit_amount", "negative deposit_amount", "unknown client_id",
        "negative trade_volume", "unparseable trade_type", "missing trade_type", "negative balance",
    } <= reasons
    # unknown coins keep a NULL USD value; trades before registration stay in silver
    (unknown_coins, early_trades) = demo.query(
        "select (select count(*) from marts_affiliate.silver_deposits where deposit_amount_usd is null),"
        " (select count(*) from marts_affiliate.silver_trades as trades inner join marts_affiliate.silver_customers"
        "   as customers on trades.client_id = customers.client_id where trades.trade_time < customers.register_time)"
    )[0]
    assert unknown_coins > 0 and early_trades > 0
    # every bronze row is accounted for, table by table
    for table, record_id, silver in (
        ("bronze_customers", "client_id", "silver_customers"),
        ("bronze_deposits", "deposit_id", "silver_deposits"),
        ("bronze_trades", "trade_activity_id", "silver_trades"),
        ("bronze_assets", "asset_id", "silver_assets"),
    ):
        (loaded, records, silver_rows, rejected) = demo.query(
            f"select count(*) filter (where load_status = 'loaded'),"
            f" count(distinct {record_id}) filter (where load_status = 'loaded'),"
            f" (select count(*) from marts_affiliate.{silver}),"
            f" (select count(*) from marts_affiliate.silver_rejected_records where source_table = '{table}')"
            f" from affiliate.{table}"
        )[0]
        assert records == silver_rows + rejected and loaded > records, table
    # the gold marts cover every affiliate that joined by the end date, every day
    (affiliates, with_daily, days_missing) = demo.query(
        "select (select count(*) from affiliate.affiliate_accounts),"
        " (select count(distinct affiliate_id) from marts_affiliate.gold_affiliate_daily_metrics),"
        " (select count(*) from marts_affiliate.gold_affiliate_daily_metrics as daily"
        "   where daily.metric_date <> (select max(metric_date) from marts_affiliate.gold_affiliate_daily_metrics)"
        "   and not exists (select 1 from marts_affiliate.gold_affiliate_daily_metrics as next_day"
        "   where next_day.affiliate_id = daily.affiliate_id and next_day.metric_date = daily.metric_date + 1))"
    )[0]
    assert affiliates == with_daily == 20 and days_missing == 0

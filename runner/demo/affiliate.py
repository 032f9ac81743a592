"""Demo data for the `affiliate` source system: bronze JSON landing tables of a trading platform.

Affiliates join over about 18 months; their clients register after them on a growing curve,
about six in ten deposit (a first deposit usually within days), three in four depositors
trade, and depositors hold a few asset balances. Every record lands in bronze as JSON through
repeated hourly API runs, exactly as dirty as real landing data:

- the same record re-loaded days later with a changed status (pending -> completed, an
  account closed, a balance updated), and some loads failing with an error message, retried
  later, or never succeeding at all;
- values sent as numbers or as strings, timestamps with `Z`, with `+08:00` or `-05:00`
  offsets, without an offset (UTC) or with microseconds;
- missing keys, JSON nulls, impossible dates, day-first dates and epoch numbers, negative and
  non-numeric amounts, an amount sent as an object, a document that is not an object, a
  record id that does not match the envelope, unknown statuses, trade types and coins;
- deposits and trades of clients that never registered, trades timed before registration,
  and events loaded days late.

Everything is set-based SQL over generate_series, with randomness from runner.demo.random
(hash of the row key, a salt and the seed), so the same seed and scale give the same rows.
"""

from __future__ import annotations

from datetime import date, timedelta

from runner.demo.random import uniform
from runner.sources import ensure_bronze_partitions

HISTORY_DAYS = 540  # about 18 months of history before the end date
AFFILIATES_PER_SMALL = 20
CLIENTS_PER_SMALL = 1_500
COUNTRIES = ["SG", "MY", "TH", "VN", "ID", "PH", "GB", "DE", "BR", "NG", "AE", "US"]
CUSTOMER_STATUSES = [("active", 0.86), ("inactive", 0.08), ("suspended", 0.04), ("closed", 0.02)]
DEPOSIT_STATUSES = [("completed", 0.84), ("success", 0.06), ("pending", 0.03), ("failed", 0.05), ("cancelled", 0.02)]
TRADE_STATUSES = [("completed", 0.9), ("pending", 0.02), ("failed", 0.05), ("cancelled", 0.03)]
ASSET_STATUSES = [("active", 0.9), ("inactive", 0.06), ("frozen", 0.03), ("closed", 0.01)]
# coin, share of deposits, reference USD rate (for plausible amounts; the warehouse's own
# rates live in seeds/affiliate/affiliate_coin_rates.csv)
COINS = [
    ("USDT", 0.48, 1), ("USDC", 0.14, 1), ("BTC", 0.12, 65000), ("ETH", 0.1, 3200),
    ("BNB", 0.04, 580), ("SOL", 0.04, 150), ("XRP", 0.02, 0.55), ("TRX", 0.02, 0.12),
    ("DOGE", 0.01, 0.15), ("PEPE", 0.02, 0.00001), ("WIFX", 0.01, 2.5),  # the last two: no reference rate
]
SYMBOLS = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "XRPUSDT", "DOGEUSDT", "ETHBTC"]
ERRORS = [
    "HTTP 502 Bad Gateway from affiliate API",
    "timeout after 30s reading page 3",
    "malformed JSON: unexpected end of input",
    "HTTP 429 rate limited, retry budget exhausted",
]


def generate(ctx) -> None:
    schema = ctx.schema("affiliate")
    ctx.execute(
        f"truncate {schema}.affiliate_accounts, {schema}.bronze_customers, {schema}.bronze_deposits,"
        f" {schema}.bronze_trades, {schema}.bronze_assets, {schema}.etl_status, {schema}.audit_log restart identity"
    )
    first_day = ctx.end_date - timedelta(days=HISTORY_DAYS)
    months = _months(first_day, ctx.end_date)
    ensure_bronze_partitions(ctx.conn, ctx.schemas["affiliate"], months)

    plan = _Plan(ctx, first_day)
    plan.truth()
    ctx.record("affiliate", "affiliate_accounts", plan.affiliate_accounts(schema))
    ctx.record("affiliate", "bronze_customers", plan.bronze_customers(schema))
    ctx.record("affiliate", "bronze_deposits", plan.bronze_deposits(schema))
    ctx.record("affiliate", "bronze_trades", plan.bronze_trades(schema))
    ctx.record("affiliate", "bronze_assets", plan.bronze_assets(schema))
    ctx.record("affiliate", "etl_status", plan.etl_status(schema))
    ctx.record("affiliate", "audit_log", plan.audit_log(schema))


def delta(ctx, fraction: float) -> None:
    """The next day's bronze loads: what the API runs of `end_date + 1` bring.

    The same plan as the base history (the same seed draws the same records, versions and
    load times), cut to the loads landing on the next day: re-loads of existing records
    with a changed status or balance, first loads of records whose events happened days
    earlier (late), failed loads and retries. `fraction` is not used: a day of loads is
    what a delta is here (about 1% of bronze at any scale).
    """
    schema = ctx.schema("affiliate")
    first_day = ctx.end_date - timedelta(days=HISTORY_DAYS)
    next_day = ctx.end_date + timedelta(days=1)
    ensure_bronze_partitions(ctx.conn, ctx.schemas["affiliate"], _months(first_day, next_day))
    plan = _Plan(ctx, first_day)
    plan.truth()
    plan.landed_before = plan.end
    plan.load_end = f"timestamp '{next_day + timedelta(days=1)} 00:00:00'"
    ctx.record("affiliate", "bronze_customers", plan.bronze_customers(schema))
    ctx.record("affiliate", "bronze_deposits", plan.bronze_deposits(schema))
    ctx.record("affiliate", "bronze_trades", plan.bronze_trades(schema))
    ctx.record("affiliate", "bronze_assets", plan.bronze_assets(schema))


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


def _pick_weighted(key: str, salt: int, seed: int, choices: list[tuple[str, float]]) -> str:
    """A SQL text literal chosen by weight (weights sum to 1)."""
    u = uniform(key, salt, seed)
    parts, total = [], 0.0
    for value, weight in choices[:-1]:
        total += weight
        parts.append(f"when {u} < {total} then '{value}'")
    return f"(case {' '.join(parts)} else '{choices[-1][0]}' end)"


def _pick(key: str, salt: int, seed: int, values: list[str]) -> str:
    array = "array[" + ", ".join(f"'{value}'" for value in values) + "]"
    return f"({array})[1 + floor({uniform(key, salt, seed)} * {len(values)})::int]"


def _json_string(value: str) -> str:
    """The JSON text of a SQL text value: a string, or null for NULL."""
    return f"coalesce('\"' || ({value}) || '\"', 'null')"


def _json_number(value: str) -> str:
    """The JSON text of a SQL number: the number, or null for NULL."""
    return f"coalesce(({value})::text, 'null')"


def _json_object(pairs: list[tuple[str, str, str | None]]) -> str:
    """The JSON text of an object from (key, JSON text of the value, condition to leave the key out)."""
    members = []
    for key, value, left_out in pairs:
        member = f"'\"{key}\": ' || {value}"
        members.append(f"case when {left_out} then null else {member} end" if left_out else member)
    return "('{' || concat_ws(', ', " + ", ".join(members) + ") || '}')"


class _Plan:
    """The true state of the platform (temp tables), then its bronze landing history."""

    def __init__(self, ctx, first_day: date):
        self.ctx = ctx
        self.seed = ctx.seed
        self.affiliates = max(3, round(AFFILIATES_PER_SMALL * ctx.factor))
        self.clients = max(50, round(CLIENTS_PER_SMALL * ctx.factor))
        self.start = f"timestamp '{first_day} 00:00:00'"
        # loads land up to the end of the end date (UTC); later ones have not happened yet
        self.end = f"timestamp '{ctx.end_date + timedelta(days=1)} 00:00:00'"
        # the loads landing in [landed_before, load_end) are inserted: the whole history up
        # to the end, or (for a delta) the next day's loads only
        self.landed_before = None
        self.load_end = self.end

    def run(self, sql: str) -> int:
        return self.ctx.execute(sql)

    # -- the truth -------------------------------------------------------------------------

    def truth(self) -> None:
        seed = self.seed
        self.run(f"""
            create temp table aff_affiliates on commit drop as
            select
                a as n,
                'AFF' || lpad(a::text, 5, '0') as affiliate_id,
                {self.start} + make_interval(
                    days => case when a = 1 then 0 else floor(power({uniform('a', 1, seed)}, 1.3) * {HISTORY_DAYS - 45})::int end,
                    secs => floor({uniform('a', 2, seed)} * 86400)::int
                ) as join_at,
                case when {uniform('a', 3, seed)} < 0.9 then 'active' else 'paused' end as status
            from generate_series(1, {self.affiliates}) as a
        """)
        self.run("analyze aff_affiliates")
        growth = 1.6
        self.run(f"""
            create temp table aff_clients on commit drop as
            with base as (
                select c, 1 + floor({self.affiliates} * power({uniform('c', 10, seed)}, 1.7))::int as a
                from generate_series(1, {self.clients}) as c
            )
            select
                base.c,
                'CL' || lpad(base.c::text, 8, '0') as client_id,
                aff.affiliate_id,
                aff.join_at + ({self.end} - interval '1 hour' - aff.join_at)
                    * (ln(1 + {uniform('c', 11, seed)} * (exp({growth}) - 1)) / {growth}) as register_at,
                {_pick('c', 12, seed, COUNTRIES)} as country,
                {_pick_weighted('c', 13, seed, CUSTOMER_STATUSES)} as final_status,
                {uniform('c', 14, seed)} < 0.62 as is_depositor,
                1 + floor(power({uniform('c', 15, seed)}, 2) * 6)::int as deposits,
                -- hours from registration to the first deposit: mostly days, some weeks
                -ln(1 - {uniform('c', 16, seed)}) * 90 as first_deposit_hours,
                2 + {uniform('c', 17, seed)} * 25 as deposit_gap_days,
                {uniform('c', 18, seed)} < 0.75 as is_trader,
                1 + floor(power({uniform('c', 19, seed)}, 1.5) * 24)::int as trades,
                1 + floor({uniform('c', 20, seed)} * 3)::int as assets,
                -- the final status of the client's first deposit (deposit key c * 8 + 1)
                {_pick_weighted('base.c * 8 + 1', 42, seed, DEPOSIT_STATUSES)} in ('completed', 'success')
                    as first_deposit_went_through
            from base
            inner join aff_affiliates as aff on aff.n = base.a
        """)
        self.run("analyze aff_clients")
        # deposits of registered clients, plus 1% from clients that never registered
        self.run(f"""
            create temp table aff_deposits on commit drop as
            with registered as (
                select
                    clients.c * 8 + k as rk,
                    clients.client_id,
                    clients.affiliate_id,
                    clients.register_at
                        + make_interval(secs => (clients.first_deposit_hours * 3600)::int)
                        + make_interval(secs => ((k - 1) * clients.deposit_gap_days * 86400)::int) as event_at
                from aff_clients as clients
                cross join generate_series(1, 6) as k
                where clients.is_depositor and k <= clients.deposits
            ),
            orphans as (
                select
                    900000000 + o as rk,
                    'CL' || lpad(({self.clients} + 1 + floor({uniform('o', 30, seed)} * {max(1, self.clients // 100)}))::text, 8, '0') as client_id,
                    'AFF' || lpad((1 + floor({uniform('o', 31, seed)} * {self.affiliates}))::text, 5, '0') as affiliate_id,
                    {self.start} + make_interval(secs => floor({uniform('o', 32, seed)} * {HISTORY_DAYS * 86400})::int) as event_at
                from generate_series(1, {max(2, self.clients // 60)}) as o
            )
            select
                *,
                'DP' || lpad(rk::text, 10, '0') as record_id,
                {_pick_weighted('rk', 40, seed, [(c, w) for c, w, _ in COINS])} as coin,
                -- USD size: log-uniform from 20 to 20,000
                exp(ln(20) + {uniform('rk', 41, seed)} * ln(1000)) as usd_size,
                {_pick_weighted('rk', 42, seed, DEPOSIT_STATUSES)} as final_status
            from (select * from registered union all select * from orphans) as deposits
            where event_at < {self.end}
        """)
        # trades of trading depositors after their first deposit (when it went through);
        # 1% timed before registration; some from clients that never registered
        self.run(f"""
            create temp table aff_trades on commit drop as
            with registered as (
                select
                    clients.c * 32 + k as rk,
                    clients.client_id,
                    clients.affiliate_id,
                    case
                        when {uniform('clients.c * 32 + k', 50, seed)} < 0.01
                            then clients.register_at - make_interval(secs => (3600 + {uniform('clients.c * 32 + k', 51, seed)} * 72 * 3600)::int)
                        else first_deposit.first_at + ({self.end} - first_deposit.first_at)
                            * power({uniform('clients.c * 32 + k', 52, seed)}, 1.4)
                    end as event_at
                from aff_clients as clients
                cross join lateral (
                    select clients.register_at + make_interval(secs => (clients.first_deposit_hours * 3600)::int) as first_at
                ) as first_deposit
                cross join generate_series(1, 25) as k
                where clients.is_depositor and clients.is_trader and k <= clients.trades
                    and first_deposit.first_at < {self.end}
                    -- only clients whose first deposit went through trade
                    and clients.first_deposit_went_through
            ),
            orphans as (
                select
                    800000000 + o as rk,
                    'CL' || lpad(({self.clients} + 1 + floor({uniform('o', 53, seed)} * {max(1, self.clients // 100)}))::text, 8, '0') as client_id,
                    'AFF' || lpad((1 + floor({uniform('o', 54, seed)} * {self.affiliates}))::text, 5, '0') as affiliate_id,
                    {self.start} + make_interval(secs => floor({uniform('o', 55, seed)} * {HISTORY_DAYS * 86400})::int) as event_at
                from generate_series(1, {max(2, self.clients // 25)}) as o
            )
            select
                *,
                'TR' || lpad(rk::text, 11, '0') as record_id,
                {_pick('rk', 60, seed, SYMBOLS)} as symbol,
                case when {uniform('rk', 61, seed)} < 0.55 then 'buy' else 'sell' end as trade_type,
                round((exp(ln(10) + {uniform('rk', 62, seed)} * ln(2000)))::numeric, 2) as volume,
                {_pick_weighted('rk', 63, seed, TRADE_STATUSES)} as final_status
            from (select * from registered union all select * from orphans) as trades
            where event_at < {self.end}
        """)
        self.run(f"""
            create temp table aff_assets on commit drop as
            select
                clients.c * 4 + k as rk,
                'AS' || lpad((clients.c * 4 + k)::text, 10, '0') as record_id,
                clients.client_id,
                clients.affiliate_id,
                (array['USDT', 'BTC', 'ETH'])[k] as symbol,
                first_deposit.first_at + ({self.end} - first_deposit.first_at) * {uniform('clients.c * 4 + k', 70, seed)} as event_at,
                round((exp(ln(5) + {uniform('clients.c * 4 + k', 71, seed)} * ln(4000)))::numeric
                    / (array[1, 65000, 3200])[k], 8) as balance,
                {_pick_weighted('clients.c * 4 + k', 72, seed, ASSET_STATUSES)} as final_status
            from aff_clients as clients
            cross join lateral (
                select clients.register_at + make_interval(secs => (clients.first_deposit_hours * 3600)::int) as first_at
            ) as first_deposit
            cross join generate_series(1, 3) as k
            where clients.is_depositor and k <= clients.assets and first_deposit.first_at < {self.end}
        """)

    # -- bronze ----------------------------------------------------------------------------

    def _slots(self, truth: str, salt: int, update_share: float, late_share: float, max_updates: int = 1) -> str:
        """Every load of every record of a truth table, as a subquery.

        Slots: 1 a failed attempt before the first successful load (retried), 2 the first
        successful load, 3.. later successful re-loads (a changed status or balance),
        9 a failed re-load after the last successful one. A few records only ever fail
        (slot 1 alone). `dirt` is the one kind of dirt a record carries (or NULL), applied
        to the slot `dirty_slot`: usually its last successful load (so the record is
        rejected), sometimes its first one (then a clean later re-load rescues it).
        Each record's plan is drawn once into a temp table, then fanned out to its slots.
        """
        seed = self.seed
        u = lambda s: uniform("t.rk", salt + s, seed)  # noqa: E731
        plan = f"aff_plan_{salt}"
        self.run(f"""
            create temp table {plan} on commit drop as
            with drawn as (
                select
                    t.*,
                    -- minutes to hours after the event; 3% arrive 2 to 6 days late
                    case
                        when {u(1)} < {late_share}
                            then make_interval(secs => (172800 + {u(2)} * 345600)::int)
                        else make_interval(secs => (300 + power({u(2)}, 2) * 18000)::int)
                    end as lag,
                    case when {u(3)} < {update_share} then 1 + floor({u(4)} * {max_updates})::int else 0 end as updates,
                    make_interval(secs => (86400 + {u(5)} * 9 * 86400)::int) as update_gap,
                    {u(6)} < 0.006 as only_failed,
                    {u(7)} < 0.04 as failed_first,
                    {u(8)} < 0.01 as failed_after,
                    {u(9)} as dirt_draw,
                    {u(10)} < 0.2 as dirt_on_first,
                    1 + floor({u(11)} * 3)::int as retries,
                    {u(12)} as error_draw,
                    {u(13)} as run_draw
                from {truth} as t
            )
            select
                drawn.*,
                date_trunc('hour', drawn.event_at + drawn.lag)
                    + make_interval(secs => (60 + floor(drawn.run_draw * 2700))::int) as first_load_at
            from drawn
        """)
        return f"""(
            select
                timed.*,
                slot,
                slot in (1, 9) as is_failed,
                case when slot between 2 and 8 then slot - 1 end as version,
                case
                    when slot = 1 then timed.first_load_at - interval '35 minutes'
                    when slot = 9 then timed.first_load_at + timed.update_gap * (timed.updates + 0.5)
                    else timed.first_load_at + timed.update_gap * (slot - 2)
                end as load_at,
                slot - 1 = case when timed.dirt_on_first then 1 else timed.updates + 1 end as is_dirty_slot
            from {plan} as timed
            cross join generate_series(1, 9) as slot
            where
                (slot = 1 and (timed.failed_first or timed.only_failed))
                or (slot between 2 and 2 + timed.updates and not timed.only_failed)
                or (slot = 9 and timed.failed_after and not timed.only_failed)
        )"""

    def _insert_bronze(self, schema: str, table: str, id_column: str, slots: str, data: str, dirt: str) -> int:
        """Insert the loads of a table; `data` is the JSON of a successful load (with its dirt)."""
        seed = self.seed
        errors = "array[" + ", ".join(f"'{e}'" for e in ERRORS) + "]"
        return self.run(f"""
            insert into {schema}.{table} (
                affiliate_id, {id_column}, data, load_timestamp, api_run_timestamp, source_file,
                load_status, error_message, retry_count, last_retry_timestamp, created_at, updated_at
            )
            select
                affiliate_id,
                record_id,
                case
                    when is_failed and error_draw < 0.5 then jsonb_build_object('_error', 'payload truncated', 'page', 3)
                    else {data}
                end,
                load_at,
                date_trunc('hour', load_at),
                'landing/{table}/' || affiliate_id || '/' || to_char(load_at, 'YYYY/MM/DD') || '/run_'
                    || to_char(load_at, 'HH24') || '00.json',
                case when is_failed then 'failed' else 'loaded' end,
                case when is_failed then ({errors})[1 + floor(error_draw * {len(ERRORS)})::int] end,
                case when is_failed then retries when slot = 2 and failed_first then 1 else 0 end,
                case when is_failed then load_at + make_interval(mins => 5 * retries) end,
                load_at,
                load_at
            from (
                -- a load's time, version and dirt computed once, not inlined into every use
                select
                    slots.*,
                    case when is_dirty_slot then {dirt} end as dirt
                from {slots} as slots
                offset 0
            ) as loads
            where load_at < {self.load_end}{self._landed_filter()}
        """)

    def _landed_filter(self) -> str:
        return f" and load_at >= {self.landed_before}" if self.landed_before else ""

    # The documents are written as JSON text and cast to jsonb once: that gives the same
    # jsonb as building them with jsonb_build_object and to_jsonb, at half the cost. Every
    # string the generator sends is plain (no quote, backslash or control character), so
    # it needs no escaping.

    def _time_json(self, column: str, salt: int) -> str:
        """An ISO-8601 text of a UTC timestamp, in one of the shapes the API sends (JSON text)."""
        u = uniform("rk::bigint * 16 + coalesce(version, 0)", salt, self.seed)
        return _json_string(f"""case
            when {u} < 0.4 then to_char({column}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            when {u} < 0.6 then to_char({column} + interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"')
            when {u} < 0.7 then to_char({column} - interval '5 hours', 'YYYY-MM-DD"T"HH24:MI:SS"-0500"')
            when {u} < 0.92 then to_char({column}, 'YYYY-MM-DD HH24:MI:SS')
            else to_char({column}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        end""")

    def _bad_time_json(self, column: str, salt: int) -> str:
        u = uniform("rk", salt, self.seed)
        return f"""(case
            when {u} < 0.3 then {_json_string(f"to_char({column}, 'DD/MM/YYYY HH24:MI')")}
            when {u} < 0.55 then {_json_number(f"extract(epoch from {column})::bigint")}
            when {u} < 0.8 then {_json_string(f"to_char({column}, 'YYYY') || '-02-30T10:00:00Z'")}
            else '"yesterday"'
        end)"""

    def _number_json(self, value: str, salt: int) -> str:
        """A number sent as a JSON number or, a third of the time, as a string (JSON text)."""
        u = uniform("rk::bigint * 16 + coalesce(version, 0)", salt, self.seed)
        return f"(case when {u} < 0.35 then {_json_string(f'({value})::text')} else {_json_number(value)} end)"

    def _status_json(self, status: str, salt: int) -> str:
        """The status as sent: mostly lower-case, sometimes capitalised or upper-case (JSON text)."""
        u = uniform("rk::bigint * 16 + coalesce(version, 0)", salt, self.seed)
        return _json_string(f"case when {u} < 0.05 then initcap({status}) when {u} < 0.07 then upper({status}) else {status} end")

    def _dirt(self, kinds: list[tuple[str, float]], salt_draw: str = "dirt_draw") -> str:
        parts, total = [], 0.0
        for kind, share in kinds:
            total += share
            parts.append(f"when {salt_draw} < {total} then '{kind}'")
        return f"(case {' '.join(parts)} end)"

    def bronze_customers(self, schema: str) -> int:
        seed = self.seed
        slots = self._slots(
            "(select c as rk, client_id as record_id, affiliate_id, register_at as event_at, country, final_status"
            " from aff_clients)",
            100, update_share=0.25, late_share=0.03,
        )
        status = "(case when version = 1 and updates > 0 then 'active' else final_status end)"
        dirt = self._dirt([
            ("missing_time", 0.003), ("null_time", 0.002), ("bad_time", 0.004), ("unknown_status", 0.004),
            ("missing_affiliate", 0.002), ("unknown_affiliate", 0.002), ("id_mismatch", 0.002),
            ("not_object", 0.003), ("missing_status", 0.001),
        ])
        document = _json_object([
            ("client_id", _json_string("case when dirt = 'id_mismatch' then record_id || 'X' else record_id end"), None),
            ("affiliate_id", _json_string("case when dirt = 'unknown_affiliate' then 'AFF99999' else affiliate_id end"),
             "dirt = 'missing_affiliate'"),
            ("register_time", f"""case
                    when dirt = 'bad_time' then {self._bad_time_json('event_at', 110)}
                    when dirt = 'null_time' then 'null'
                    else {self._time_json('event_at', 111)}
                end""", "dirt = 'missing_time'"),
            ("country", _json_string(f"case when {uniform('rk', 112, seed)} < 0.03 then null else country end"), None),
            ("status", f"case when dirt = 'unknown_status' then '\"pending_kyc\"' else {self._status_json(status, 113)} end",
             "dirt = 'missing_status'"),
        ])
        data = f"(case when dirt = 'not_object' then '[' || {document} || ']' else {document} end)::jsonb"
        return self._insert_bronze(schema, "bronze_customers", "client_id", slots, data, dirt)

    def bronze_deposits(self, schema: str) -> int:
        seed = self.seed
        slots = self._slots("aff_deposits", 200, update_share=0.3, late_share=0.03)
        status = "(case when version = 1 and updates > 0 then 'pending' else final_status end)"
        rates = "(case coin " + " ".join(f"when '{c}' then {r}" for c, _, r in COINS) + " end)"
        amount = f"round((usd_size / {rates})::numeric, 8)"
        dirt = self._dirt([
            ("missing_time", 0.003), ("null_time", 0.001), ("bad_time", 0.004), ("missing_amount", 0.003),
            ("bad_amount", 0.005), ("object_amount", 0.001), ("negative_amount", 0.004),
            ("unknown_status", 0.004), ("missing_client", 0.002), ("id_mismatch", 0.002), ("not_object", 0.003),
        ])
        document = _json_object([
            ("deposit_id", _json_string("case when dirt = 'id_mismatch' then 'DP0' else record_id end"), None),
            ("client_id", _json_string("client_id"), "dirt = 'missing_client'"),
            ("deposit_time", f"""case
                    when dirt = 'bad_time' then {self._bad_time_json('event_at', 210)}
                    when dirt = 'null_time' then 'null'
                    else {self._time_json('event_at', 211)}
                end""", "dirt = 'missing_time'"),
            ("deposit_coin", _json_string(f"case when {uniform('rk', 212, seed)} < 0.02 then ' ' || lower(coin) || ' ' else coin end"), None),
            ("deposit_amount", f"""case dirt
                    when 'bad_amount' then {_json_string(_pick('rk', 213, seed, ['N/A', '12,50', '', 'ten']))}
                    when 'object_amount' then {_json_object([("value", _json_number(amount), None), ("currency", _json_string("coin"), None)])}
                    when 'negative_amount' then {_json_number(f"-{amount}")}
                    else {self._number_json(amount, 214)}
                end""", "dirt = 'missing_amount'"),
            ("status", f"""case
                    when dirt = 'unknown_status' then {_json_string(_pick('rk', 215, seed, ['processing', 'REVERSED', 'on_hold']))}
                    else {self._status_json(status, 216)}
                end""", None),
        ])
        not_object = _json_string("'deposit ' || record_id")
        data = f"(case when dirt = 'not_object' then {not_object} else {document} end)::jsonb"
        return self._insert_bronze(schema, "bronze_deposits", "deposit_id", slots, data, dirt)

    def bronze_trades(self, schema: str) -> int:
        seed = self.seed
        slots = self._slots("aff_trades", 300, update_share=0.12, late_share=0.03)
        status = "(case when version = 1 and updates > 0 then 'pending' else final_status end)"
        dirt = self._dirt([
            ("missing_time", 0.002), ("bad_time", 0.003), ("missing_volume", 0.002), ("bad_volume", 0.003),
            ("negative_volume", 0.003), ("missing_type", 0.002), ("bad_type", 0.003),
            ("unknown_status", 0.003), ("id_mismatch", 0.002),
        ])
        data = _json_object([
            ("trade_activity_id", _json_string("case when dirt = 'id_mismatch' then 'TR0' else record_id end"), None),
            ("client_id", _json_string("client_id"), None),
            ("trade_time", f"""case
                    when dirt = 'bad_time' then {self._bad_time_json('event_at', 310)}
                    else {self._time_json('event_at', 311)}
                end""", "dirt = 'missing_time'"),
            ("symbol", _json_string("symbol"), None),
            ("trade_volume", f"""case dirt
                    when 'bad_volume' then {_json_string(_pick('rk', 312, seed, ['NaN', '1.000,25', 'lots']))}
                    when 'negative_volume' then {_json_number('-volume')}
                    else {self._number_json('volume', 313)}
                end""", "dirt = 'missing_volume'"),
            ("trade_type", _json_string(f"""case
                    when dirt = 'bad_type' then {_pick('rk', 314, seed, ['hold', 'short', 'swap'])}
                    when {uniform('rk', 315, seed)} < 0.05 then upper(trade_type)
                    else trade_type
                end"""), "dirt = 'missing_type'"),
            ("status", f"""case
                    when dirt = 'unknown_status' then '"partially_filled"'
                    else {self._status_json(status, 316)}
                end""", None),
        ])
        return self._insert_bronze(schema, "bronze_trades", "trade_activity_id", slots, f"{data}::jsonb", dirt)

    def bronze_assets(self, schema: str) -> int:
        slots = self._slots("aff_assets", 400, update_share=0.5, late_share=0.03, max_updates=2)
        # each re-load reports the balance of a later update
        balance = "round(balance * (1 + 0.1 * (version - 1)), 8)"
        update_time = "(event_at + update_gap * (version - 1) * 0.9)"
        dirt = self._dirt([
            ("missing_time", 0.003), ("bad_time", 0.003), ("negative_balance", 0.004),
            ("bad_balance", 0.002), ("unknown_status", 0.003),
        ])
        data = _json_object([
            ("asset_id", _json_string("record_id"), None),
            ("client_id", _json_string("client_id"), None),
            ("balance", f"""case dirt
                    when 'negative_balance' then {_json_number(f"-{balance}")}
                    when 'bad_balance' then '"n/a"'
                    else {self._number_json(balance, 410)}
                end""", None),
            ("last_update_time", f"""case
                    when dirt = 'bad_time' then {self._bad_time_json(update_time, 411)}
                    else {self._time_json(update_time, 412)}
                end""", "dirt = 'missing_time'"),
            ("symbol", _json_string("symbol"), None),
            ("status", f"""case
                    when dirt = 'unknown_status' then '"dormant"'
                    else {self._status_json('final_status', 413)}
                end""", None),
            ("remark", _json_string("case when version > 1 then 'balance update' end"), None),
        ])
        return self._insert_bronze(schema, "bronze_assets", "asset_id", slots, f"{data}::jsonb", dirt)

    # -- the rest --------------------------------------------------------------------------

    def affiliate_accounts(self, schema: str) -> int:
        return self.run(f"""
            insert into {schema}.affiliate_accounts
                (affiliate_id, name, email, join_date, status, metadata, created_at, updated_at, created_by, updated_by)
            select
                affiliate_id,
                'Partner ' || initcap({_pick('n', 80, self.seed, ['aurora', 'bamboo', 'cobalt', 'delta', 'ember', 'fjord'])})
                    || ' ' || n,
                'partner' || n || '@affiliates.example.com',
                join_at,
                status,
                jsonb_build_object('tier', {_pick('n', 81, self.seed, ['bronze', 'silver', 'gold'])}, 'region',
                    {_pick('n', 82, self.seed, ['APAC', 'EMEA', 'LATAM'])}),
                join_at,
                join_at,
                'admin-portal',
                'admin-portal'
            from aff_affiliates
        """)

    def etl_status(self, schema: str) -> int:
        parts = []
        for table in ("bronze_customers", "bronze_deposits", "bronze_trades", "bronze_assets"):
            parts.append(f"""
                select
                    '{table}' as table_name,
                    max(load_timestamp) filter (where load_status = 'loaded') as last_successful_load,
                    max(load_timestamp) as last_attempted_load,
                    count(*) filter (where load_timestamp >= {self.end} - interval '1 day') as records_processed
                from {schema}.{table}
            """)
        # the trades job failed on its last attempt; the others succeeded
        return self.run(f"""
            insert into {schema}.etl_status
                (table_name, last_successful_load, last_attempted_load, load_status, error_message,
                 records_processed, processing_time, created_at, updated_at)
            select
                table_name,
                last_successful_load,
                case when table_name = 'bronze_trades' then {self.end} - interval '10 minutes' else last_attempted_load end,
                case when table_name = 'bronze_trades' then 'failed' else 'success' end,
                case when table_name = 'bronze_trades' then '{ERRORS[0]}' end,
                records_processed,
                make_interval(secs => 2 + records_processed * 0.02),
                {self.start},
                coalesce(last_attempted_load, {self.start})
            from ({' union all '.join(parts)}) as jobs
        """)

    def audit_log(self, schema: str) -> int:
        inserted = self.run(f"""
            insert into {schema}.audit_log (table_name, record_id, action, old_values, new_values, changed_by, changed_at)
            select 'affiliate_accounts', affiliate_id, 'INSERT', null,
                jsonb_build_object('affiliate_id', affiliate_id, 'status', 'active'), 'admin-portal', join_at
            from aff_affiliates
            order by n
        """)
        updated = self.run(f"""
            insert into {schema}.audit_log (table_name, record_id, action, old_values, new_values, changed_by, changed_at)
            select 'affiliate_accounts', affiliate_id, 'UPDATE', jsonb_build_object('status', 'active'),
                jsonb_build_object('status', status), 'compliance-bot',
                join_at + ({self.end} - join_at) * {uniform('n', 90, self.seed)}
            from aff_affiliates
            where status <> 'active'
            order by n
        """)
        return inserted + updated

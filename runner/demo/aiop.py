"""Demo data for the `aiop` source system: two organizations and their landed extracts.

1 Bennett, an equipment dealership on America/Chicago: QuickBooks and the Softbase ERP
  (invoices by department, work orders, a rental fleet with contracts and maintenance, GL).
2 VITAL WorkLife, a services company on America/New_York: QuickBooks, HubSpot, Zoom, the
  case system and GA4 with app-store downloads.

About two years of history to ctx.end_date. Volumes grow with ctx.factor (more journal
lines, contacts, deals, meetings, calls, cases, invoices, work orders, units and GL entries
per day); there are always two organizations. Everything is set-based SQL whose randomness
comes from runner.demo.random (hash of row key, salt and seed), so a seed gives the same rows.

Dirt, as real extracts have it: voided QuickBooks transactions (a voided document voids
every line of its chain, so the ledger stays balanced), merged and deleted HubSpot contacts,
deleted deals, a deal stage its pipeline does not define, stages in display case, calls on
a queue the extract does not have, meetings without an end, cases without a category, void
Softbase invoices, departments in lower case, GA4 days missing from the extract, and events
late in the evening whose UTC date is the next day.
"""

from __future__ import annotations

from datetime import timedelta

from runner.demo.random import chance, integer, money, pick, uniform

HISTORY_DAYS = 730
DEALERSHIP, SERVICES = 1, 2
TIME_ZONES = {DEALERSHIP: "America/Chicago", SERVICES: "America/New_York"}

TABLES = (
    "organizations", "qb_accounts", "qb_journal_lines", "hs_contacts", "hs_contact_lifecycle_history",
    "hs_deals", "hs_deal_stage_history", "hs_deal_stages", "zoom_users", "zoom_meetings",
    "zoom_phone_calls", "zoom_call_queues", "case_data_summary_nophi", "ga4_daily", "ga4_screens_daily",
    "app_store_downloads_daily", "sb_invoices", "sb_work_orders", "sb_rental_units", "sb_rental_contracts",
    "sb_unit_maintenance", "sb_gl_accounts", "sb_gl_entries",
)


def generate(ctx) -> None:
    schema = ctx.schema("aiop")
    ctx.execute("truncate " + ", ".join(f"{schema}.{table}" for table in TABLES) + " restart identity")
    # The demo's extract lands at a fixed time (06:00 UTC the morning after the last day), not
    # at now(), so that a seed gives byte-identical sources; the column's default is restored
    # before the load commits.
    landed = _literal(f"{ctx.end_date + timedelta(days=1)} 06:00:00+00")
    for table in TABLES:
        ctx.execute(f"alter table {schema}.{table} alter column _loaded_at set default {landed}::timestamptz")
    gen = _Generator(ctx, schema)
    for table, method in (
        ("organizations", gen.organizations),
        ("qb_accounts", gen.qb_accounts),
        ("qb_journal_lines", gen.qb_journal_lines),
        ("hs_contacts", gen.hs_contacts),
        ("hs_contact_lifecycle_history", gen.hs_contact_lifecycle_history),
        ("hs_deal_stages", gen.hs_deal_stages),
        ("hs_deals", gen.hs_deals),
        ("hs_deal_stage_history", gen.hs_deal_stage_history),
        ("zoom_users", gen.zoom_users),
        ("zoom_call_queues", gen.zoom_call_queues),
        ("zoom_meetings", gen.zoom_meetings),
        ("zoom_phone_calls", gen.zoom_phone_calls),
        ("case_data_summary_nophi", gen.cases),
        ("ga4_daily", gen.ga4_daily),
        ("ga4_screens_daily", gen.ga4_screens_daily),
        ("app_store_downloads_daily", gen.app_store_downloads_daily),
        ("sb_rental_units", gen.sb_rental_units),
        ("sb_rental_contracts", gen.sb_rental_contracts),
        ("sb_unit_maintenance", gen.sb_unit_maintenance),
        ("sb_invoices", gen.sb_invoices),
        ("sb_work_orders", gen.sb_work_orders),
        ("sb_gl_accounts", gen.sb_gl_accounts),
        ("sb_gl_entries", gen.sb_gl_entries),
    ):
        ctx.record("aiop", table, method())
    for table in TABLES:
        ctx.execute(f"alter table {schema}.{table} alter column _loaded_at set default now()")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class _Generator:
    def __init__(self, ctx, schema: str):
        self.ctx = ctx
        self.s = schema
        self.seed = ctx.seed
        self.f = ctx.factor
        self.end = ctx.end_date.isoformat()
        # the first day of history: HISTORY_DAYS days up to and including end_date
        self.start = f"(date '{self.end}' - {HISTORY_DAYS - 1})"

    # -- helpers rendering SQL expressions -------------------------------------------------

    def count(self, per_day: float) -> int:
        """Rows over the whole history for a rate per day at small scale, grown with factor."""
        return max(1, round(per_day * HISTORY_DAYS * self.f))

    def day(self, key: str, salt: int, weekday_share: float = 0.0, skew: float = 0.0) -> str:
        """A history date for a row. `skew` > 0 makes later days likelier (growth);
        `weekday_share` of weekend rows move to the Friday before (business activity)."""
        return self.weekday(self.raw_day(key, salt, skew), key, salt, weekday_share)

    def raw_day(self, key: str, salt: int, skew: float = 0.0) -> str:
        """`day` before the weekend rows move: compute it once into a column (`offset 0`) when
        `weekday` follows, which reads it three times."""
        u = uniform(key, salt, self.seed)
        t = f"(ln(1 + {u} * (exp({skew}) - 1)) / {skew})" if skew else u
        return f"({self.start} + least(floor({t} * {HISTORY_DAYS})::int, {HISTORY_DAYS - 1}))"

    def weekday(self, raw: str, key: str, salt: int, weekday_share: float) -> str:
        """`day` from its `raw_day`: `weekday_share` of Saturdays and Sundays move to Friday."""
        if not weekday_share:
            return raw
        move = chance(key, salt + 1, self.seed, weekday_share)
        # days since a Monday, mod 7: 5 is Saturday, 6 Sunday (the ISO day of the week less one)
        weekday = f"mod({raw} - date '2000-01-03', 7)"
        return f"(case when {weekday} >= 5 and {move} then {raw} - ({weekday} - 4) else {raw} end)"

    def local_time(self, date_expr: str, key: str, salt: int, late_share: float = 0.03) -> str:
        """An instant on a local date in the org's zone (column `org_tz`): business hours,
        with `late_share` of rows between 23:00 and midnight (the next day in UTC)."""
        business = f"(8 * 3600 + {uniform(key, salt, self.seed)} * 10 * 3600)"
        late = f"(23 * 3600 + {uniform(key, salt + 1, self.seed)} * 3599)"
        seconds = f"(case when {chance(key, salt + 2, self.seed, late_share)} then {late} else {business} end)"
        return f"((({date_expr})::timestamp + make_interval(secs => round({seconds}))) at time zone org_tz)"

    def end_instant(self, tz_column: str = "org_tz") -> str:
        """The end of end_date in the org's zone: nothing happens after it."""
        return f"((date '{self.end}' + 1)::timestamp at time zone {tz_column})"

    def insert(self, sql: str) -> int:
        return self.ctx.execute(sql)

    # -- organizations -----------------------------------------------------------------------

    def organizations(self) -> int:
        return self.insert(f"""
            insert into {self.s}.organizations (id, name, slug, reporting_timezone)
            values
                ({DEALERSHIP}, 'Bennett', 'bennett', '{TIME_ZONES[DEALERSHIP]}'),
                ({SERVICES}, 'VITAL WorkLife', 'vital-worklife', '{TIME_ZONES[SERVICES]}')
        """)

    # -- QuickBooks ----------------------------------------------------------------------------

    QB_ACCOUNTS = [
        # account_id, type, dealership name, services name
        ("1000", "Bank", "Operating Checking", "Operating Checking"),
        ("1010", "Bank", "Savings", "Reserve Savings"),
        ("1100", "Accounts Receivable", "Accounts Receivable", "Accounts Receivable"),
        ("1200", "Other Current Asset", "Inventory", "Prepaid Programs"),
        ("1500", "Fixed Asset", "Shop Equipment", "Office Equipment"),
        ("1900", "Other Asset", "Security Deposits", "Security Deposits"),
        ("2000", "Accounts Payable", "Accounts Payable", "Accounts Payable"),
        ("2100", "Credit Card", "Company Card", "Company Card"),
        ("2200", "Other Current Liability", "Payroll Liabilities", "Payroll Liabilities"),
        ("2500", "Long Term Liability", "Equipment Loan", "Term Loan"),
        ("3000", "Equity", "Owner's Equity", "Owner's Equity"),
        ("4000", "Income", "Equipment Sales", "Program Fees"),
        ("4100", "Income", "Parts & Service", "Consulting"),
        ("4900", "Other Income", "Interest Income", "Interest Income"),
        ("5000", "Cost of Goods Sold", "Cost of Goods Sold", "Contracted Counselors"),
        ("6000", "Expense", "Payroll", "Payroll"),
        ("6100", "Expense", "Rent", "Rent"),
        ("6200", "Expense", "Software & Utilities", "Software & Utilities"),
        ("7000", "Other Expense", "Interest Expense", "Interest Expense"),
    ]

    # Business events, each a chain of balanced transactions: (kind, events per day at small
    # scale, amount range, lines). A line is (transaction, timing, account, Debit|Credit,
    # portion). Timing: `day` the event's date, `before` 1-20 days earlier (stock bought ahead
    # of a sale), `bill` 15-40 days after that purchase, `short` 7-14 days after, `long`
    # 15-60 days after (customers pay, card statements). Portion: `full` the amount, `cost`
    # the org's cost share of it, `share` 70% (80% for payroll) and `rest` the remainder.
    QB_EVENTS = [
        ("cash_sale", 0.6, 300, 8000, [
            (1, "day", "1000", "Debit", "full"), (1, "day", "4000", "Credit", "full"),
            (2, "day", "5000", "Debit", "cost"), (2, "day", "1200", "Credit", "cost"),
            (3, "before", "1200", "Debit", "cost"), (3, "before", "2000", "Credit", "cost"),
            (4, "bill", "2000", "Debit", "cost"), (4, "bill", "1000", "Credit", "cost"),
        ]),
        ("invoice", 1.4, 600, 18000, [
            (1, "day", "1100", "Debit", "full"), (1, "day", "4000", "Credit", "share"), (1, "day", "4100", "Credit", "rest"),
            (2, "day", "5000", "Debit", "cost"), (2, "day", "1200", "Credit", "cost"),
            (3, "before", "1200", "Debit", "cost"), (3, "before", "2000", "Credit", "cost"),
            (4, "bill", "2000", "Debit", "cost"), (4, "bill", "1000", "Credit", "cost"),
            (5, "long", "1000", "Debit", "full"), (5, "long", "1100", "Credit", "full"),
        ]),
        ("payroll", 0.5, 6000, 12000, [
            (1, "day", "6000", "Debit", "full"), (1, "day", "1000", "Credit", "share"), (1, "day", "2200", "Credit", "rest"),
            (2, "short", "2200", "Debit", "rest"), (2, "short", "1000", "Credit", "rest"),
        ]),
        ("rent", 1 / 30, 4000, 6000, [(1, "day", "6100", "Debit", "full"), (1, "day", "1000", "Credit", "full")]),
        ("card_expense", 1, 60, 2700, [
            (1, "day", "6200", "Debit", "full"), (1, "day", "2100", "Credit", "full"),
            (2, "long", "2100", "Debit", "full"), (2, "long", "1000", "Credit", "full"),
        ]),
        ("interest_income", 0.1, 5, 300, [(1, "day", "1010", "Debit", "full"), (1, "day", "4900", "Credit", "full")]),
        ("loan_payment", 1 / 30, 1500, 2500, [
            (1, "day", "2500", "Debit", "share"), (1, "day", "7000", "Debit", "rest"), (1, "day", "1000", "Credit", "full"),
        ]),
        ("transfer", 1 / 30, 1000, 5000, [(1, "day", "1010", "Debit", "full"), (1, "day", "1000", "Credit", "full")]),
        ("equipment", 1 / 60, 1000, 12000, [(1, "day", "1500", "Debit", "full"), (1, "day", "1000", "Credit", "full")]),
    ]
    # the owners' money and a loan on the first day: (org, amount, equity share)
    QB_OPENING = [("1000", "Debit", "full"), ("3000", "Credit", "share"), ("2500", "Credit", "rest")]

    def qb_accounts(self) -> int:
        rows = ", ".join(
            f"({_literal(account)}, {_literal(kind)}, {_literal(dealer)}, {_literal(services)})"
            for account, kind, dealer, services in self.QB_ACCOUNTS
        )
        return self.insert(f"""
            insert into {self.s}.qb_accounts (org_id, account_id, name, account_type, is_active)
            select orgs.org_id, chart.account_id,
                case orgs.org_id when {DEALERSHIP} then chart.dealer_name else chart.services_name end,
                chart.account_type, true
            from (values {rows}) as chart (account_id, account_type, dealer_name, services_name)
            cross join (values ({DEALERSHIP}), ({SERVICES})) as orgs (org_id)
        """)

    def qb_journal_lines(self) -> int:
        f = self.f
        # cost of sales as a share of the sale, and a payroll scale, per org
        orgs = f"(values ({DEALERSHIP}, 0.62, 0.7), ({SERVICES}, 0.45, 1.0)) as orgs (org_id, cost_ratio, payroll_scale)"
        opening = f"(values ({DEALERSHIP}, {round(150000 * f, 2)}), ({SERVICES}, {round(120000 * f, 2)})) as o (org_id, amount)"
        chain = self._ledger_chain(self.QB_EVENTS, orgs, 100, amount_scale="case when kinds.kind = 'payroll' then orgs.payroll_scale else 1 end",
                                   opening=opening, opening_lines=self.QB_OPENING, void_share=0.015)
        return self.insert(f"""
            insert into {self.s}.qb_journal_lines
                (org_id, line_id, txn_id, txn_date, account_id, posting_type, amount, description, is_voided)
            with {chain}
            select org_id, txn_id || '-' || line_no, txn_id, txn_date, account_id, posting_type, amount,
                kind || ' ' || txn_id, is_voided
            from ledger_lines
        """)

    def _ledger_chain(self, events, orgs: str, salt: int, amount_scale: str = "1", opening: str | None = None,
                      opening_lines=(), void_share: float = 0.0, seasonal_kinds=()) -> str:
        """CTEs ending in `ledger_lines` (org_id, kind, txn_id, txn_date, line_no, account_id,
        posting_type, amount, is_voided): every event's chain of balanced transactions, dated
        up to end_date (a transaction after it has not happened yet, all its lines go)."""
        seed = self.seed
        kinds, templates = [], []
        for kind_no, (kind, rate, low, high, lines) in enumerate(events, start=1):
            seasonal = "true" if kind in seasonal_kinds else "false"
            kinds.append(f"({kind_no}, {_literal(kind)}, {self.count(rate)}, {low}, {high}, {seasonal})")
            for line_no, (txn_no, timing, account, side, portion) in enumerate(lines, start=1):
                templates.append(f"({kind_no}, {txn_no}, {_literal(timing)}, {line_no}, {_literal(account)}, {_literal(side)}, {_literal(portion)})")
        for line_no, (account, side, portion) in enumerate(opening_lines, start=1):
            templates.append(f"(0, 1, 'day', {line_no}, {_literal(account)}, {_literal(side)}, {_literal(portion)})")
        key = "((orgs.org_id * 100 + kinds.kind_no)::bigint * 10000000 + g)"
        opening_events = ""
        if opening:
            opening_events = f"""
                union all
                select o.org_id, 0, 'opening', 0::bigint, {self.start}, o.amount::numeric, 0.75, 0.0, false,
                    null::date, null::date, null::date, null::date, 'T' || o.org_id || '-0-0-'
                from {opening}
            """
        return f"""
            kinds as (
                select * from (values {", ".join(kinds)}) as k (kind_no, kind, events, low, high, seasonal)
            ),
            templates as (
                select * from (values {", ".join(templates)})
                    as t (kind_no, txn_no, timing, line_no, account_id, posting_type, portion)
            ),
            drawn as (
                select orgs.org_id, kinds.kind_no, kinds.kind, g as event_no,
                    round((orgs.cost_ratio + 0.16 * ({uniform(key, salt + 2, seed)} - 0.5))::numeric, 4) as cost_ratio,
                    {self.day(key, salt + 1, weekday_share=0.85)} as event_date,
                    round(((kinds.low + {uniform(key, salt + 3, seed)} * (kinds.high - kinds.low)) * {amount_scale})::numeric, 2)
                        as base_amount,
                    kinds.seasonal,
                    case when kinds.kind = 'payroll' then 0.8 else 0.7 end as share,
                    {chance(key, salt + 4, seed, void_share)} as is_voided,
                    {integer(key, salt + 5, seed, 1, 20)} as days_before,
                    {integer(key, salt + 6, seed, 15, 40)} as bill_days,
                    {integer(key, salt + 7, seed, 7, 14)} as short_days,
                    {integer(key, salt + 8, seed, 15, 60)} as long_days,
                    -- an event's transactions are T<org>-<kind>-<event>-<txn_no>
                    'T' || orgs.org_id || '-' || kinds.kind_no || '-' || g || '-' as txn_prefix
                from {orgs}
                cross join kinds
                cross join lateral generate_series(1, kinds.events) as g
            ),
            events as (
                select org_id, kind_no, kind, event_no, event_date,
                    -- a dealership sells 40% less from December to February
                    case when seasonal and extract(month from event_date) in (12, 1, 2)
                        then round(base_amount * 0.6, 2) else base_amount end as amount,
                    share, cost_ratio, is_voided,
                    greatest(event_date - days_before, {self.start}) as before_date,
                    greatest(event_date - days_before, {self.start}) + bill_days as bill_date,
                    event_date + short_days as short_date,
                    event_date + long_days as long_date,
                    txn_prefix
                from drawn
                {opening_events}
            ),
            chained_lines as (
                select events.org_id, events.kind,
                    events.txn_prefix || templates.txn_no as txn_id,
                    case templates.timing
                        when 'day' then events.event_date
                        when 'before' then events.before_date
                        when 'bill' then events.bill_date
                        when 'short' then events.short_date
                        else events.long_date
                    end as txn_date,
                    templates.line_no, templates.account_id, templates.posting_type,
                    case templates.portion
                        when 'full' then events.amount
                        when 'cost' then round(events.amount * events.cost_ratio, 2)
                        when 'share' then round(events.amount * events.share, 2)
                        else events.amount - round(events.amount * events.share, 2)
                    end as amount,
                    events.is_voided
                from events
                inner join templates
                    on events.kind_no = templates.kind_no
            ),
            ledger_lines as (
                select * from chained_lines where txn_date <= date '{self.end}'
            )
        """

    # -- HubSpot (services company) ------------------------------------------------------------

    LIFECYCLE = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist"]

    def _contacts_cte(self) -> str:
        """One row per contact with its creation, progression plan and current stage index."""
        seed = self.seed
        n = self.count(4)
        key = "g"
        return f"""
            contact_plan as (
                select g as contact_no, 100000 + g as contact_id,
                    created_at,
                    start_index,
                    least(start_index + steps, 6) - start_index as steps,
                    step_days,
                    ends_other
                from generate_series(1, {n}) as g
                cross join lateral (select '{TIME_ZONES[SERVICES]}'::text as org_tz) as tz
                cross join lateral (select
                    {self.local_time(self.day(key, 201, skew=1.2), key, 202)} as created_at,
                    case when {chance(key, 205, seed, 0.35)} then 0 else 1 end as start_index,
                    floor(-ln(1 - {uniform(key, 206, seed)}) / 0.8)::int as steps,
                    (2 + {uniform(key, 207, seed)} * 30) as step_days,
                    {chance(key, 208, seed, 0.02)} as ends_other
                ) as plan
                -- computed once per contact, not inlined into every step
                offset 0
            ),
            contact_steps as (
                select contact_plan.contact_id, contact_plan.created_at, step.j,
                    case
                        when step.j > contact_plan.steps then 'other'
                        else (array{self.LIFECYCLE})[contact_plan.start_index + step.j + 1]
                    end as stage,
                    contact_plan.created_at + make_interval(secs => round(step.j * contact_plan.step_days * 86400
                        + case when step.j > 0 then {uniform('(contact_plan.contact_no * 10 + step.j)', 209, seed)} * 36000 else 0 end)) as changed_at
                from contact_plan
                cross join lateral generate_series(0, contact_plan.steps + case when contact_plan.ends_other then 1 else 0 end) as step (j)
            ),
            kept_steps as (
                select * from contact_steps
                where changed_at < {self.end_instant(f"'{TIME_ZONES[SERVICES]}'")}
            )
        """

    def hs_contacts(self) -> int:
        seed = self.seed
        key = "(contact_id - 100000)"
        return self.insert(f"""
            insert into {self.s}.hs_contacts (org_id, contact_id, created_at, lifecycle_stage, is_deleted, merged_into_contact_id)
            with {self._contacts_cte()},
            current_stage as (
                select distinct on (contact_id) contact_id, created_at, stage
                from kept_steps
                order by contact_id, j desc
            )
            select {SERVICES}, contact_id, created_at, stage,
                {chance(key, 210, seed, 0.015)},
                case when {chance(key, 211, seed, 0.02)} and contact_id > 100010
                    then contact_id - 1 - {integer(key, 212, seed, 0, 8)} end
            from current_stage
        """)

    def hs_contact_lifecycle_history(self) -> int:
        seed = self.seed
        return self.insert(f"""
            insert into {self.s}.hs_contact_lifecycle_history (org_id, contact_id, lifecycle_stage, changed_at)
            with {self._contacts_cte()}
            select {SERVICES}, contact_id,
                -- the extract sometimes gives HubSpot's display label instead of the internal value
                case when stage = 'marketingqualifiedlead' and {chance('(contact_id * 10 + j)', 213, seed, 0.1)}
                    then 'Marketing Qualified Lead' else stage end,
                changed_at
            from kept_steps
        """)

    DEAL_STAGES = [
        # pipeline, stage, label, order, outcome
        ("default", "appointmentscheduled", "Appointment Scheduled", 1, "open"),
        ("default", "qualifiedtobuy", "Qualified To Buy", 2, "open"),
        ("default", "presentationscheduled", "Presentation Scheduled", 3, "open"),
        ("default", "decisionmakerboughtin", "Decision Maker Bought-In", 4, "open"),
        ("default", "contractsent", "Contract Sent", 5, "open"),
        ("default", "closedwon", "Closed Won", 6, "won"),
        ("default", "closedlost", "Closed Lost", 7, "lost"),
        ("renewals", "renewaldue", "Renewal Due", 1, "open"),
        ("renewals", "renewalnegotiation", "Renewal Negotiation", 2, "open"),
        ("renewals", "renewed", "Renewed", 3, "won"),
        ("renewals", "churned", "Churned", 4, "lost"),
    ]

    def hs_deal_stages(self) -> int:
        rows = ", ".join(
            f"({_literal(p)}, {_literal(s)}, {_literal(label)}, {order}, {_literal(outcome)})"
            for p, s, label, order, outcome in self.DEAL_STAGES
        )
        return self.insert(f"""
            insert into {self.s}.hs_deal_stages (org_id, pipeline, deal_stage, label, display_order, outcome)
            select {SERVICES}, pipeline, deal_stage, label, display_order, outcome
            from (values {rows}) as stages (pipeline, deal_stage, label, display_order, outcome)
        """)

    def _deals_cte(self) -> str:
        seed = self.seed
        n = self.count(0.8)
        key = "g"
        default_open = "array['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent']"
        renewal_open = "array['renewaldue', 'renewalnegotiation']"
        return f"""
            deal_plan as (
                select g as deal_no, 500000 + g as deal_id, created_at, pipeline,
                    open_steps, outcome, step_days, amount
                from generate_series(1, {n}) as g
                cross join lateral (select '{TIME_ZONES[SERVICES]}'::text as org_tz) as tz
                cross join lateral (select
                    {self.local_time(self.day(key, 301, skew=0.8), key, 302)} as created_at,
                    case when {chance(key, 305, seed, 0.15)} then 'renewals' else 'default' end as pipeline,
                    {uniform(key, 306, seed)} as u_steps,
                    {pick(key, 307, seed, ["'won'", "'lost'", "'lost'", "'open'"])} as outcome,
                    (3 + {uniform(key, 308, seed)} * 18) as step_days,
                    round((1000 + {uniform(key, 309, seed)} * 49000)::numeric, 2) as amount
                ) as plan
                cross join lateral (select
                    1 + floor(u_steps * case when pipeline = 'default' then 5 else 2 end)::int as open_steps
                ) as steps
                -- computed once per deal, not inlined into every step
                offset 0
            ),
            deal_steps as (
                select deal_plan.deal_id, deal_plan.created_at, deal_plan.pipeline, deal_plan.amount, step.j,
                    case
                        when step.j < deal_plan.open_steps then
                            case when deal_plan.pipeline = 'default' then ({default_open})[step.j + 1]
                                else ({renewal_open})[step.j + 1] end
                        -- a stage deleted from the pipeline since: the extract still has it
                        when {chance('deal_plan.deal_no', 310, seed, 0.005)} then 'legacyreview'
                        when deal_plan.outcome = 'won' then
                            case when deal_plan.pipeline = 'default' then 'closedwon' else 'renewed' end
                        else case when deal_plan.pipeline = 'default' then 'closedlost' else 'churned' end
                    end as stage,
                    deal_plan.created_at + make_interval(secs => round(step.j * deal_plan.step_days * 86400)) as entered_at
                from deal_plan
                cross join lateral generate_series(
                    0, deal_plan.open_steps - case when deal_plan.outcome = 'open' then 1 else 0 end
                ) as step (j)
            ),
            kept_deal_steps as (
                select * from deal_steps
                where entered_at < {self.end_instant(f"'{TIME_ZONES[SERVICES]}'")}
            )
        """

    def hs_deals(self) -> int:
        seed = self.seed
        return self.insert(f"""
            insert into {self.s}.hs_deals (org_id, deal_id, created_at, amount, pipeline, deal_stage, is_deleted)
            with {self._deals_cte()}
            select distinct on (deal_id) {SERVICES}, deal_id, created_at, amount, pipeline, stage,
                {chance('(deal_id - 500000)', 311, seed, 0.02)}
            from kept_deal_steps
            order by deal_id, j desc
        """)

    def hs_deal_stage_history(self) -> int:
        return self.insert(f"""
            insert into {self.s}.hs_deal_stage_history (org_id, deal_id, deal_stage, entered_at)
            with {self._deals_cte()}
            select {SERVICES}, deal_id, stage, entered_at
            from kept_deal_steps
        """)

    # -- Zoom (services company) ---------------------------------------------------------------

    def _zoom_users_count(self) -> int:
        return max(10, round(40 + 8 * self.f))

    def zoom_users(self) -> int:
        seed = self.seed
        n = self._zoom_users_count()
        key = "g"
        return self.insert(f"""
            insert into {self.s}.zoom_users (org_id, user_id, created_at, deactivated_at, has_phone_license)
            select {SERVICES}, 'zu' || g, created_at,
                case when {chance(key, 403, seed, 0.15)} then
                    nullif(least(created_at + make_interval(days => {integer(key, 404, seed, 30, 600)}),
                        {self.end_instant()} + interval '1 day'), {self.end_instant()} + interval '1 day')
                end,
                {chance(key, 405, seed, 0.65)}
            from generate_series(1, {n}) as g
            cross join lateral (select '{TIME_ZONES[SERVICES]}'::text as org_tz) as tz
            cross join lateral (select
                {self.local_time(
                    f"case when {chance(key, 401, seed, 0.6)} then {self.start} + {integer(key, 402, seed, 0, 29)} "
                    f"else {self.day(key, 406)} end", key, 407)} as created_at
            ) as created
        """)

    def zoom_call_queues(self) -> int:
        return self.insert(f"""
            insert into {self.s}.zoom_call_queues (org_id, queue_id, name, created_at, deleted_at)
            select {SERVICES}, queue_id, name,
                (({self.start} + created_day)::timestamp + time '09:00') at time zone '{TIME_ZONES[SERVICES]}',
                case when deleted_day is not null then
                    (({self.start} + deleted_day)::timestamp + time '17:30') at time zone '{TIME_ZONES[SERVICES]}' end
            from (values
                ('q1', 'Member Services', 0, null::int),
                ('q2', 'Clinical Intake', 0, null),
                ('q3', 'Billing', 0, 400),
                ('q4', 'After Hours', 365, null)
            ) as queues (queue_id, name, created_day, deleted_day)
        """)

    def zoom_meetings(self) -> int:
        seed = self.seed
        n = self.count(10)
        users = self._zoom_users_count()
        key = "g"
        # each value is computed once: the `offset 0` subqueries are not inlined
        return self.insert(f"""
            insert into {self.s}.zoom_meetings (org_id, meeting_uuid, host_user_id, start_time, end_time, participants_count)
            select {SERVICES}, 'm' || g, 'zu' || {integer(key, 501, seed, 1, users)}, started_at,
                case when not {chance(key, 502, seed, 0.01)} then
                    started_at + make_interval(secs => round(60 * (15 + {uniform(key, 503, seed)} * 75))) end,
                {integer(key, 504, seed, 2, 15)}
            from (
                select g, {self.local_time(self.weekday('raw_day', key, 505, 0.8), key, 507)} as started_at
                from (select g, {self.raw_day(key, 505, skew=0.5)} as raw_day from generate_series(1, {n}) as g offset 0) as days
                cross join lateral (select '{TIME_ZONES[SERVICES]}'::text as org_tz) as tz
                offset 0
            ) as meeting
        """)

    def zoom_phone_calls(self) -> int:
        seed = self.seed
        n = self.count(20)
        key = "g"
        # each value is computed once: the `offset 0` subqueries are not inlined
        return self.insert(f"""
            insert into {self.s}.zoom_phone_calls (org_id, call_id, direction, result, start_time, duration_seconds, queue_id)
            select {SERVICES}, 'c' || g, direction, result, started_at,
                case result
                    when 'answered' then {integer(key, 601, seed, 45, 1500)}
                    when 'voicemail' then {integer(key, 602, seed, 15, 150)}
                    else {integer(key, 603, seed, 0, 40)}
                end,
                case
                    when direction = 'outbound' then null
                    when {chance(key, 604, seed, 0.003)} then 'q-legacy'
                    when started_at >= {self.end_instant()} - interval '365 days'
                        and {chance(key, 605, seed, 0.1)} then 'q4'
                    when started_at < (({self.start} + 400)::timestamp + time '17:30') at time zone org_tz
                        and {chance(key, 606, seed, 0.2)} then 'q3'
                    else {pick(key, 607, seed, ["'q1'", "'q1'", "'q2'"])}
                end
            from (
                select g, direction,
                    case
                        when direction = 'inbound' and u_result < 0.75 then 'answered'
                        when direction = 'inbound' and u_result < 0.85 then 'missed'
                        when direction = 'inbound' and u_result < 0.93 then 'voicemail'
                        when direction = 'inbound' then 'abandoned'
                        when u_result < 0.8 then 'answered'
                        when u_result < 0.92 then 'missed'
                        else 'voicemail'
                    end as result,
                    {self.local_time(self.weekday('raw_day', key, 610, 0.9), key, 612)} as started_at
                from (
                    select g,
                        case when {chance(key, 608, seed, 0.65)} then 'inbound' else 'outbound' end as direction,
                        {uniform(key, 609, seed)} as u_result,
                        {self.raw_day(key, 610, skew=0.4)} as raw_day
                    from generate_series(1, {n}) as g
                    offset 0
                ) as draws
                cross join lateral (select '{TIME_ZONES[SERVICES]}'::text as org_tz) as tz
                offset 0
            ) as call
            cross join lateral (select '{TIME_ZONES[SERVICES]}'::text as org_tz) as tz
        """)

    # -- case system (services company) --------------------------------------------------------

    def cases(self) -> int:
        seed = self.seed
        n = self.count(8)
        key = "g"
        types = ["'EAP Counseling'", "'EAP Counseling'", "'Coaching'", "'Critical Incident'", "'Legal Consultation'", "'Financial Consultation'"]
        categories = ["'Stress'", "'Family'", "'Work'", "'Health'", "'Grief'", "'Substance Use'"]
        # each value is computed once: the `offset 0` subqueries are not inlined
        return self.insert(f"""
            insert into {self.s}.case_data_summary_nophi (org_id, case_id, case_type, case_category, case_status, opened_at, closed_at)
            select {SERVICES}, 'CS-' || lpad(g::text, 7, '0'), case_type, case_category,
                case when closed_at is not null then 'Closed'
                    when {chance(key, 701, seed, 0.2)} then 'Pending Review' else 'Open' end,
                opened_at, closed_at
            from (
                select g, case_type, case_category, opened_at,
                    case when {chance(key, 707, seed, 0.88)} then
                        nullif(least(opened_at + make_interval(secs => round(86400 * (0.5 + {uniform(key, 708, seed)} * 45))),
                            {self.end_instant()}), {self.end_instant()})
                    end as closed_at
                from (
                    select g,
                        {pick(key, 702, seed, types)} as case_type,
                        case when {chance(key, 703, seed, 0.01)} then null else {pick(key, 704, seed, categories)} end as case_category,
                        {self.local_time(self.weekday('raw_day', key, 705, 0.7), key, 710, late_share=0.05)} as opened_at
                    from (select g, {self.raw_day(key, 705, skew=0.6)} as raw_day from generate_series(1, {n}) as g offset 0) as days
                    cross join lateral (select '{TIME_ZONES[SERVICES]}'::text as org_tz) as tz
                    offset 0
                ) as opened
                cross join lateral (select '{TIME_ZONES[SERVICES]}'::text as org_tz) as tz
                offset 0
            ) as closed
        """)

    # -- GA4 and app stores (services company) --------------------------------------------------

    SCREENS = [
        "home", "dashboard", "appointments", "book_session", "counselor_profile", "messages", "resources",
        "articles", "article_detail", "settings", "profile", "notifications", "login", "onboarding",
        "search", "help", "crisis_support", "feedback",
    ]

    def _ga4_days_cte(self) -> str:
        seed = self.seed
        return f"""
            ga4_days as (
                select report_date,
                    round({self.f} * (600 + 900 * d / {HISTORY_DAYS}.0)
                        * case when extract(isodow from report_date) >= 6 then 0.55 else 1 end
                        * (0.85 + 0.3 * {uniform('d', 801, seed)}))::int as active_users,
                    {uniform('d', 802, seed)} as u_7d,
                    {uniform('d', 803, seed)} as u_28d,
                    {uniform('d', 804, seed)} as u_new,
                    {uniform('d', 805, seed)} as u_sessions,
                    {uniform('d', 806, seed)} as u_engagement,
                    {uniform('d', 807, seed)} as u_views
                from generate_series(0, {HISTORY_DAYS - 1}) as d
                cross join lateral (select {self.start} + d as report_date) as day
                -- the extract missed a few days
                where not {chance('d', 808, seed, 0.004)}
            ),
            ga4_measures as (
                select report_date, active_users,
                    round(active_users * (3.0 + 0.6 * u_7d))::int as active_users_7d,
                    round(active_users * (8.0 + 1.5 * u_28d))::int as active_users_28d,
                    round(active_users * (0.08 + 0.08 * u_new))::int as new_users,
                    round(active_users * (1.4 + 0.5 * u_sessions))::int as sessions,
                    u_engagement, u_views
                from ga4_days
            )
        """

    def ga4_daily(self) -> int:
        return self.insert(f"""
            insert into {self.s}.ga4_daily (org_id, report_date, active_users, active_users_7d, active_users_28d,
                new_users, sessions, user_engagement_seconds, screen_page_views)
            with {self._ga4_days_cte()}
            select {SERVICES}, report_date, active_users, active_users_7d, active_users_28d, new_users, sessions,
                round((sessions * (120 + 90 * u_engagement))::numeric, 1),
                round(sessions * (3.5 + 2.5 * u_views))::int
            from ga4_measures
        """)

    def ga4_screens_daily(self) -> int:
        seed = self.seed
        screens = ", ".join(f"({i}, {_literal(name)})" for i, name in enumerate(self.SCREENS, start=1))
        return self.insert(f"""
            insert into {self.s}.ga4_screens_daily (org_id, report_date, screen_name, screen_page_views)
            with {self._ga4_days_cte()}
            select {SERVICES}, ga4_measures.report_date, screens.screen_name,
                -- Zipf-like shares, rounded to tens on small screens so that ties happen
                case when screens.screen_no > 8
                    then round(views.raw / 10.0)::int * 10
                    else round(views.raw)::int end
            from ga4_measures
            cross join (values {screens}) as screens (screen_no, screen_name)
            cross join lateral (select
                round(ga4_measures.sessions * (3.5 + 2.5 * ga4_measures.u_views))
                    * 0.3 / screens.screen_no
                    * (0.8 + 0.4 * {uniform("(ga4_measures.report_date - date '2000-01-01') * 100 + screens.screen_no", 809, seed)})
                    as raw
            ) as views
        """)

    def app_store_downloads_daily(self) -> int:
        seed = self.seed
        return self.insert(f"""
            insert into {self.s}.app_store_downloads_daily (org_id, report_date, store, downloads)
            select {SERVICES}, {self.start} + d, stores.store,
                round({self.f} * stores.scale * (20 + 25 * d / {HISTORY_DAYS}.0)
                    * (0.6 + 0.8 * {uniform('(d * 2 + stores.store_no)', 810, seed)}))::int
            from generate_series(0, {HISTORY_DAYS - 1}) as d
            cross join (values (1, 'ios', 1.0), (2, 'android', 0.8)) as stores (store_no, store, scale)
        """)

    # -- Softbase (dealership) -----------------------------------------------------------------

    EQUIPMENT = [
        # type, share of fleet, daily rate
        ("Forklift", 0.4, 85),
        ("Scissor Lift", 0.2, 120),
        ("Boom Lift", 0.15, 260),
        ("Telehandler", 0.1, 310),
        ("Pallet Jack", 0.15, 25),
    ]
    SLOT_DAYS = 40

    def _units_count(self) -> int:
        return max(10, round(60 + 6 * self.f))

    def _customers(self) -> int:
        return round(300 + 20 * self.f)

    def _equipment_cte(self) -> str:
        rows, cumulative = [], 0.0
        for name, share, rate in self.EQUIPMENT:
            rows.append(f"({_literal(name)}, {cumulative}, {cumulative + share}, {rate})")
            cumulative += share
        return f"equipment as (select * from (values {', '.join(rows)}) as e (equipment_type, share_from, share_to, daily_rate))"

    def _units_cte(self) -> str:
        seed = self.seed
        key = "g"
        return f"""
            {self._equipment_cte()},
            units as (
                select 'U' || lpad(g::text, 5, '0') as unit_id, g as unit_no, equipment.equipment_type, equipment.daily_rate,
                    acquired_date,
                    case when {chance(key, 903, seed, 0.08)}
                        then acquired_date + {integer(key, 904, seed, 120, 700)} end as disposed_date
                from generate_series(1, {self._units_count()}) as g
                cross join lateral (select
                    {uniform(key, 901, seed)} as u_type,
                    case when {chance(key, 902, seed, 0.65)} then {self.start} + {integer(key, 905, seed, 0, 59)}
                        else {self.day(key, 906)} end as acquired_date
                ) as unit
                inner join equipment
                    on unit.u_type >= equipment.share_from and unit.u_type < equipment.share_to
            )
        """

    def sb_rental_units(self) -> int:
        return self.insert(f"""
            insert into {self.s}.sb_rental_units (org_id, unit_id, equipment_type, acquired_date, disposed_date)
            with {self._units_cte()}
            select {DEALERSHIP}, unit_id, equipment_type, acquired_date,
                case when disposed_date <= date '{self.end}' then disposed_date end
            from units
        """)

    def _contracts_cte(self) -> str:
        """At most one contract per unit per 40-day slot, so a unit's contracts never overlap."""
        seed = self.seed
        slots = HISTORY_DAYS // self.SLOT_DAYS + 1
        key = "(units.unit_no * 1000 + slot)"
        return f"""
            {self._units_cte()},
            contracts as (
                select units.unit_id, units.unit_no, units.equipment_type, units.daily_rate, slot,
                    'RC' || units.unit_no || '-' || slot as contract_id,
                    'C' || lpad({integer(key, 911, seed, 1, self._customers())}::text, 5, '0') as customer_id,
                    contract_start,
                    least(contract_start + {integer(key, 912, seed, 2, 27)}, coalesce(units.disposed_date - 1, date '9999-12-31'))
                        as contract_end
                from units
                cross join generate_series(0, {slots}) as slot
                cross join lateral (select
                    {self.start} + slot * {self.SLOT_DAYS} + {integer(key, 913, seed, 0, 11)} as contract_start
                ) as starts
                where {chance(key, 914, seed, 0.72)}
                    and contract_start >= units.acquired_date
                    and contract_start < coalesce(units.disposed_date, date '9999-12-31')
                    and contract_start <= date '{self.end}'
            )
        """

    def sb_rental_contracts(self) -> int:
        return self.insert(f"""
            insert into {self.s}.sb_rental_contracts (org_id, contract_id, unit_id, customer_id, start_date, end_date)
            with {self._contracts_cte()}
            select {DEALERSHIP}, contract_id, unit_id, customer_id, contract_start,
                case when contract_end <= date '{self.end}' then contract_end end
            from contracts
        """)

    def sb_unit_maintenance(self) -> int:
        seed = self.seed
        slots = HISTORY_DAYS // self.SLOT_DAYS + 1
        key = "(units.unit_no * 1000 + slot)"
        return self.insert(f"""
            insert into {self.s}.sb_unit_maintenance (org_id, unit_id, start_date, end_date)
            with {self._units_cte()}
            select {DEALERSHIP}, units.unit_id, maintenance_start,
                case when maintenance_start + length_days <= date '{self.end}' then maintenance_start + length_days end
            from units
            cross join generate_series(0, {slots}) as slot
            cross join lateral (select
                {self.start} + slot * {self.SLOT_DAYS} + {integer(key, 921, seed, 0, self.SLOT_DAYS - 1)} as maintenance_start,
                {integer(key, 922, seed, 0, 5)} as length_days
            ) as maintenance
            where {chance(key, 923, seed, 0.18)}
                and maintenance_start >= units.acquired_date
                and maintenance_start < coalesce(units.disposed_date, date '9999-12-31')
                and maintenance_start <= date '{self.end}'
        """)

    def sb_invoices(self) -> int:
        seed = self.seed
        n = self.count(30)
        key = "g"
        customers = self._customers()
        # each value is computed once: the `offset 0` subqueries are not inlined
        counter = self.insert(f"""
            insert into {self.s}.sb_invoices (org_id, invoice_id, invoice_date, department, customer_id, unit_id, amount, status)
            select {DEALERSHIP}, 'INV' || lpad(g::text, 8, '0'), invoice_date,
                case when {chance(key, 931, seed, 0.01)} then lower(department) else department end,
                'C' || lpad({integer(key, 932, seed, 1, customers)}::text, 5, '0'),
                null,
                {money('raw_amount')},
                case when {chance(key, 934, seed, 0.02)} then 'void' else 'posted' end
            from (
                select g, invoice_date, department,
                    case department
                        when 'Service' then 150 + {uniform(key, 933, seed)} * 3850
                        when 'Parts' then 20 + {uniform(key, 933, seed)} * 1480
                        else 8000 + {uniform(key, 933, seed)} * 52000
                    end as raw_amount
                from (
                    select g,
                        {self.weekday('raw_day', key, 935, 0.9)} as invoice_date,
                        case when u_department < 0.45 then 'Service'
                            when u_department < 0.98 then 'Parts' else 'Sales' end as department
                    from (
                        select g, {self.raw_day(key, 935, skew=0.3)} as raw_day, {uniform(key, 939, seed)} as u_department
                        from generate_series(1, {n}) as g
                        offset 0
                    ) as draws
                    offset 0
                ) as invoice
            ) as invoice
        """)
        # rental invoices: each contract billed at its start and every 30 days after
        counter += self.insert(f"""
            insert into {self.s}.sb_invoices (org_id, invoice_id, invoice_date, department, customer_id, unit_id, amount, status)
            with {self._contracts_cte()}
            select {DEALERSHIP}, 'RINV-' || contracts.contract_id || '-' || period, billed_from,
                'Rental', contracts.customer_id, contracts.unit_id,
                round((contracts.daily_rate * (least(contracts.contract_end, billed_from + 29, date '{self.end}') - billed_from + 1)
                    * (0.9 + 0.2 * {uniform('(contracts.unit_no * 1000 + contracts.slot)', 937, seed)}))::numeric, 2),
                case when {chance('(contracts.unit_no * 1000 + contracts.slot) * 10 + period', 938, seed, 0.02)}
                    then 'void' else 'posted' end
            from contracts
            cross join generate_series(0, 5) as period
            cross join lateral (select contracts.contract_start + 30 * period as billed_from) as billing
            where billed_from <= least(contracts.contract_end, date '{self.end}')
        """)
        return counter

    def sb_work_orders(self) -> int:
        seed = self.seed
        n = self.count(10)
        key = "g"
        # each value is computed once: the `offset 0` subqueries are not inlined
        return self.insert(f"""
            insert into {self.s}.sb_work_orders (org_id, work_order_id, opened_at, closed_at)
            select {DEALERSHIP}, 'WO' || lpad(g::text, 8, '0'), opened_at,
                nullif(least(greatest(candidate, opened_at + interval '30 minutes'), {self.end_instant()}), {self.end_instant()})
            from (
                select g, opened_at,
                    {self.local_time(f"({local_date_sql('opened_at', TIME_ZONES[DEALERSHIP])} + {integer(key, 943, seed, 0, 10)})",
                                     key, 960, late_share=0.05)} as candidate
                from (
                    select g, {self.local_time(self.weekday('raw_day', key, 941, 0.85), key, 950)} as opened_at
                    from (select g, {self.raw_day(key, 941, skew=0.3)} as raw_day from generate_series(1, {n}) as g offset 0) as days
                    cross join lateral (select '{TIME_ZONES[DEALERSHIP]}'::text as org_tz) as tz
                    offset 0
                ) as opened
                cross join lateral (select '{TIME_ZONES[DEALERSHIP]}'::text as org_tz) as tz
                offset 0
            ) as closing
            cross join lateral (select '{TIME_ZONES[DEALERSHIP]}'::text as org_tz) as tz
        """)

    GL_ACCOUNTS = [
        ("1000", "Operating Cash", "cash"),
        ("1010", "Payroll Cash", "cash"),
        ("1200", "Trade Receivables", "receivable"),
        ("1300", "Parts Inventory", "inventory"),
        ("1310", "Equipment Inventory", "inventory"),
        ("1600", "Rental Fleet", "investing"),
        ("1650", "Shop Equipment", "investing"),
        ("2000", "Trade Payables", "payable"),
        ("2100", "Accrued Wages", "other_operating"),
        ("2500", "Floor Plan Financing", "financing"),
        ("2600", "Term Loan", "financing"),
        ("3000", "Owner Equity", "equity"),
        ("4000", "Sales and Service Revenue", "revenue"),
        ("4100", "Rental Revenue", "revenue"),
        ("5000", "Cost of Sales", "expense"),
        ("6000", "Operating Expenses", "expense"),
    ]

    # the dealership's GL as chains of business events, as QB_EVENTS (Debit/Credit entries)
    GL_EVENTS = [
        ("sale", 2.5, 2000, 60000, [
            (1, "day", "1200", "Debit", "full"), (1, "day", "4000", "Credit", "full"),
            (2, "day", "5000", "Debit", "cost"), (2, "day", "1300", "Credit", "cost"),
            (3, "before", "1300", "Debit", "cost"), (3, "before", "2000", "Credit", "cost"),
            (4, "bill", "2000", "Debit", "cost"), (4, "bill", "1000", "Credit", "cost"),
            (5, "long", "1000", "Debit", "full"), (5, "long", "1200", "Credit", "full"),
        ]),
        ("rental", 1, 600, 12000, [
            (1, "day", "1200", "Debit", "full"), (1, "day", "4100", "Credit", "full"),
            (2, "long", "1000", "Debit", "full"), (2, "long", "1200", "Credit", "full"),
        ]),
        ("operating_expense", 2, 2000, 18000, [(1, "day", "6000", "Debit", "full"), (1, "day", "1000", "Credit", "full")]),
        ("wages", 0.5, 16000, 40000, [
            (1, "day", "6000", "Debit", "full"), (1, "day", "2100", "Credit", "full"),
            (2, "short", "1010", "Debit", "full"), (2, "short", "1000", "Credit", "full"),
            (3, "short", "2100", "Debit", "full"), (3, "short", "1010", "Credit", "full"),
        ]),
        ("fleet_purchase", 0.05, 20000, 70000, [(1, "day", "1600", "Debit", "full"), (1, "day", "1000", "Credit", "full")]),
        ("shop_equipment", 0.03, 2000, 15000, [(1, "day", "1650", "Debit", "full"), (1, "day", "1000", "Credit", "full")]),
        ("floor_plan", 0.1, 15000, 60000, [
            (1, "day", "1000", "Debit", "full"), (1, "day", "2500", "Credit", "full"),
            (2, "long", "2500", "Debit", "full"), (2, "long", "1000", "Credit", "full"),
        ]),
        ("loan_repayment", 1 / 30, 2000, 8000, [(1, "day", "2600", "Debit", "full"), (1, "day", "1000", "Credit", "full")]),
    ]
    GL_OPENING = [("1000", "Debit", "full"), ("3000", "Credit", "share"), ("2600", "Credit", "rest")]

    def sb_gl_accounts(self) -> int:
        rows = ", ".join(f"({_literal(no)}, {_literal(name)}, {_literal(cat)})" for no, name, cat in self.GL_ACCOUNTS)
        return self.insert(f"""
            insert into {self.s}.sb_gl_accounts (org_id, account_no, name, category)
            select {DEALERSHIP}, account_no, name, category
            from (values {rows}) as accounts (account_no, name, category)
        """)

    def sb_gl_entries(self) -> int:
        orgs = f"(values ({DEALERSHIP}, 0.55)) as orgs (org_id, cost_ratio)"
        opening = f"(values ({DEALERSHIP}, {round(2500000 * self.f, 2)})) as o (org_id, amount)"
        chain = self._ledger_chain(self.GL_EVENTS, orgs, 950, opening=opening, opening_lines=self.GL_OPENING,
                                   seasonal_kinds=("sale", "rental"))
        return self.insert(f"""
            insert into {self.s}.sb_gl_entries (org_id, entry_id, posting_date, account_no, debit, credit)
            with {chain}
            select org_id, 'GL' || substr(txn_id, 2) || '-' || line_no, txn_date, account_id,
                case when posting_type = 'Debit' then amount else 0 end,
                case when posting_type = 'Credit' then amount else 0 end
            from ledger_lines
        """)


def local_date_sql(column: str, tz: str) -> str:
    """The calendar date of a timestamptz in a zone (for the generator's own arithmetic)."""
    return f"(({column}) at time zone {_literal(tz)})::date"

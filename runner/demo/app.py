"""Demo data for the `app` source system: the consumer money app.

- users: about 18 months of signups before the end date on a growing weekly curve with
  three campaign spikes, mostly in the evening; 8% inactive, 72% with a validated email.
- onboarding_responses: 85% of users started onboarding; some stop at every step; most
  completions come within the first days; motivations in mixed case, as codes, unmapped,
  blank or NULL.
- user_events: engagement decays per cohort (an early burst, then a habit for about a third
  of users): logins, dashboard access, a little feedback and a few unknown types. Dirt:
  events of deleted users (orphans), events shortly before signup, exact duplicates, and
  events placed on both sides of local midnight and of the DST changes in America/New_York.
- transactions (legacy) and l1_transaction_facts: statement uploads (upload_session_id) of
  several bank accounts per user, with account labels in mixed case, padded or empty, plus
  manual rows. Uploads before the l1 migration live in the legacy table and 80% of them
  were copied to l1 (legacy_transaction_id); later ones are born in l1. Some l1 rows carry a
  token that resolves to no user.
- l0_user_tokenization, l0_pii_users: one token and one PII row per user.

Everything is set-based SQL with hash-based randomness (runner.demo.random): the same seed,
scale and end date give the same rows.
"""

from __future__ import annotations

from runner.demo.random import chance, integer, uniform

HISTORY_DAYS = 548  # about 18 months
MIGRATION_DAYS_BEFORE_END = 270  # uploads older than this were made before l1 existed
FIRST_NAMES = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jon", "Kemal", "Lena"]
LAST_NAMES = ["Okafor", "Smith", "Garcia", "Nguyen", "Kowalski", "Haddad", "Ito", "Silva", "Brown", "Rossi"]
# motivation texts as users typed them (or as the app stored codes), mapped by the seed
# motivation_intent_map; the last ones map to nothing and count as `other`
MOTIVATIONS = [
    "Save money", "save_money", "  SAVE MONEY ", "saving",
    "Pay off debt", "PAY_OFF_DEBT", "debt", "get out of debt",
    "Track spending", "track_spending", "budgeting", "Where does my money go",
    "Build credit", "BUILD_CREDIT", "credit score",
    "Invest", "investing", "grow my wealth",
    "other", "just curious", "to get rich quick", "",
]
BANKS = ["Chase Checking", "Bank of America", "Wells Fargo Savings", "Citi Credit Card", "Capital One", "Ally Savings", "Amex Gold"]
MERCHANTS = ["Whole Foods", "Shell", "Netflix", "Uber", "Amazon", "Starbucks", "Target", "Payroll", "Rent", "Spotify"]
CATEGORIES = ["groceries", "transport", "subscriptions", "shopping", "dining", "income", "housing", "utilities"]


def _array(values: list[str]) -> str:
    return "array[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


def _pick(values: list[str], key: str, salt: int, seed: int) -> str:
    return f"({_array(values)})[1 + floor({uniform(key, salt, seed)} * {len(values)})::int]"


def generate(ctx) -> None:
    app = ctx.schema("app")
    ctx.execute(
        f"truncate {app}.users, {app}.user_events, {app}.transactions, {app}.l0_user_tokenization,"
        f" {app}.l1_transaction_facts, {app}.l0_pii_users, {app}.onboarding_responses restart identity"
    )
    params = {"end": ctx.end_date, "users": ctx.users}
    ctx.record("app", "users", _users(ctx, app, params))
    ctx.record("app", "l0_pii_users", _pii(ctx, app))
    ctx.record("app", "l0_user_tokenization", _tokens(ctx, app))
    ctx.record("app", "onboarding_responses", _onboarding(ctx, app))
    ctx.record("app", "user_events", _events(ctx, app, params))
    legacy, l1 = _transactions(ctx, app, params)
    ctx.record("app", "transactions", legacy)
    ctx.record("app", "l1_transaction_facts", l1)


def _users(ctx, app: str, params: dict) -> int:
    seed = ctx.seed
    growth = 2.2  # the last week signs up about e^2.2 = 9 times as many users as the first
    base_t = f"(ln(1 + {uniform('g', 1, seed)} * (exp({growth}) - 1)) / {growth})"
    campaign = integer("g", 3, seed, 0, 2)
    campaign_t = f"((array[0.31, 0.62, 0.88]::float8[])[1 + {campaign}] + {uniform('g', 4, seed)} * 7.0 / {HISTORY_DAYS})"
    t = f"(case when {chance('g', 2, seed, 0.12)} then {campaign_t} else least({base_t}, 0.999999) end)"
    hour = f"(7 + 16 * sqrt({uniform('g', 5, seed)}))"  # 07:00 to 23:00 UTC, evening-heavy
    first = _pick(FIRST_NAMES, "g", 6, seed)
    last = _pick(LAST_NAMES, "g", 7, seed)
    count = ctx.execute(
        f"""
        insert into {app}.users
            (id, email, password_hash, display_name, login_attempts, created_at, is_active, email_validated)
        select
            g,
            'user' || g || '@example.com',
            '$2b$12$' || md5('pw' || g || {seed}),
            {first} || ' ' || {last},
            {integer('g', 8, seed, 0, 3)},
            (%(end)s::date - {HISTORY_DAYS} + floor({t} * {HISTORY_DAYS})::int)::timestamp at time zone 'UTC'
                + make_interval(secs => {hour} * 3600 + {uniform('g', 9, seed)} * 60),
            not {chance('g', 10, seed, 0.08)},
            {chance('g', 11, seed, 0.72)}
        from generate_series(1, %(users)s) as g
        """,
        params,
    )
    ctx.execute(f"select setval(pg_get_serial_sequence('{app}.users', 'id'), greatest(%(users)s, 1))", params)
    return count


def _pii(ctx, app: str) -> int:
    seed = ctx.seed
    return ctx.execute(
        f"""
        insert into {app}.l0_pii_users (internal_user_id, first_name, last_name, date_of_birth, phone)
        select
            u.id,
            split_part(u.display_name, ' ', 1),
            split_part(u.display_name, ' ', 2),
            date '1960-01-01' + {integer('u.id', 30, seed, 0, 15000)},
            '+1-555-' || lpad(({integer('u.id', 31, seed, 0, 9999999)})::text, 7, '0')
        from {app}.users as u
        order by u.id
        """
    )


def _tokens(ctx, app: str) -> int:
    return ctx.execute(
        f"""
        insert into {app}.l0_user_tokenization (tokenized_user_id, internal_user_id, created_at)
        select 'tok_' || md5('token' || u.id || {ctx.seed}), u.id, u.created_at
        from {app}.users as u
        """
    )


def _onboarding(ctx, app: str) -> int:
    seed = ctx.seed
    # last_step: 30% stop early (0-4), 70% reach step 5; of those, 85% complete
    step = (
        f"(case when {chance('u.id', 41, seed, 0.70)} then 5"
        f" else {integer('u.id', 42, seed, 0, 4)} end)"
    )
    # completion delay: most within hours or a couple of days, a tail beyond a week
    delay_hours = f"(-30 * ln(1 - {uniform('u.id', 44, seed)} * 0.999))"
    return ctx.execute(
        f"""
        insert into {app}.onboarding_responses
            (user_id, motivation, emotional_state, financial_context, last_step, completed_at, created_at)
        select
            u.id,
            case when {chance('u.id', 45, seed, 0.04)} then null else {_pick(MOTIVATIONS, 'u.id', 46, seed)} end,
            {_pick(['anxious', 'hopeful', 'overwhelmed', 'calm'], 'u.id', 47, seed)},
            {_pick(['student', 'employed', 'self-employed', 'retired'], 'u.id', 48, seed)},
            s.last_step,
            case when s.last_step = 5 and {chance('u.id', 43, seed, 0.85)}
                then u.created_at + make_interval(secs => 600 + {delay_hours} * 3600)
            end,
            u.created_at + make_interval(secs => 30 + {uniform('u.id', 49, seed)} * 300)
        from {app}.users as u
        cross join lateral (select {step} as last_step) as s
        where not {chance('u.id', 40, seed, 0.15)}
        order by u.id
        """
    )


def _events(ctx, app: str, params: dict) -> int:
    seed = ctx.seed
    end_ts = "((%(end)s::date + 1)::timestamp at time zone 'UTC')"
    slot_key = "slots.id::bigint * 8192 + slots.slot"
    event_key = "(days.day_key * 8 + k.n)"
    ctx.execute(
        f"""
        create temp table demo_events on commit drop as
        with users as (
            select
                u.id,
                u.created_at,
                greatest(extract(epoch from {end_ts} - u.created_at)::float8 / 86400.0, 0.01) as age_days,
                {uniform('u.id', 50, seed)} as engagement,
                {chance('u.id', 51, seed, 0.35)} as is_retained
            from {app}.users as u
        ),
        slots as (
            -- an early burst that decays (tau = 10 days), then, for retained users, a habit
            select users.*, s.slot, s.slot <= 2 + floor(10 * users.engagement) as is_early
            from users
            cross join lateral generate_series(
                1,
                (2 + floor(10 * users.engagement)
                 + case when users.is_retained then floor(users.age_days * (0.05 + 0.25 * users.engagement)) else 0 end
                )::int
            ) as s (slot)
        ),
        days as materialized (
            select
                slots.id as user_id,
                {slot_key} as day_key,
                slots.created_at + make_interval(days => (case
                    when slots.is_early then floor(-10 * ln(1 - {uniform(slot_key, 52, seed)}
                        * (1 - exp(-slots.age_days / 10))))
                    else floor({uniform(slot_key, 53, seed)} * slots.age_days)
                  end)::int) as day_anchor,
                {integer(slot_key, 54, seed, 1, 2)} as logins
            from slots
        )
        -- per active day: a login (sometimes two), dashboard views, rarely feedback or an
        -- unknown type; local evening-heavy times, 4 in 100 within an hour of midnight in New York
        select
            days.user_id,
            case
                when k.n <= days.logins then 'login'
                when k.n <= 4 then 'dashboard_access'
                when k.n = 5 then 'feedback'
                else (array['settings_view', 'notification_open'])[1 + {integer('days.day_key', 55, seed, 0, 1)}]
            end as event_type,
            case
                when {chance(event_key, 59, seed, 0.04)}
                    then date_trunc('day', days.day_anchor at time zone 'UTC') at time zone 'UTC'
                        + make_interval(secs => 4 * 3600 + {uniform(event_key, 60, seed)} * 7200)
                else days.day_anchor + make_interval(secs => {uniform(event_key, 61, seed)} * 14 * 3600)
            end as event_timestamp,
            {event_key} as event_key
        from days
        cross join lateral generate_series(1, 6) as k (n)
        where k.n <= days.logins
            or (k.n between 3 and 4 and {uniform(event_key, 56, seed)} < 0.45)
            or (k.n = 2 and days.logins = 1 and {uniform(event_key, 56, seed)} < 0.45)
            or (k.n = 5 and {chance('days.day_key', 57, seed, 0.03)})
            or (k.n = 6 and {chance('days.day_key', 58, seed, 0.02)})
        """,
        params,
    )
    ctx.execute(
        f"""
        insert into demo_events (user_id, event_type, event_timestamp, event_key)
        -- events shortly before signup (1 in 100 users: the app logged a login before the account row)
        select u.id, 'login', u.created_at - make_interval(secs => 3600 + {uniform('u.id', 62, seed)} * 90000),
               -u.id::bigint
        from {app}.users as u
        where {chance('u.id', 63, seed, 0.01)}
        union all
        -- the DST changes and local midnight in America/New_York, for a few early users
        select u.id, 'login', moments.at_utc, -(u.id::bigint * 100 + moments.n) - 1000000000
        from {app}.users as u
        cross join (values
            (1, timestamptz '2025-11-02 05:30+00'), (2, timestamptz '2025-11-02 06:30+00'),
            (3, timestamptz '2026-03-08 06:30+00'), (4, timestamptz '2026-03-08 07:30+00'),
            (5, timestamptz '2026-01-06 04:59+00'), (6, timestamptz '2026-01-06 05:01+00')
        ) as moments (n, at_utc)
        where u.id <= 40 and u.created_at < moments.at_utc and moments.at_utc < {end_ts}
        """,
        params,
    )
    # the (user_id, event_timestamp) index is built once after the load, not maintained row by row
    ctx.execute(f"drop index if exists {app}.ix_user_events_user_time")
    platforms = "(array['{\"platform\": \"ios\"}', '{\"platform\": \"android\"}', '{\"platform\": \"web\"}']::jsonb[])"
    count = ctx.execute(
        f"""
        insert into {app}.user_events (id, user_id, event_type, event_timestamp, metadata)
        select
            row_number() over (order by e.event_key, e.copy),
            case when e.copy = 3 then %(users)s + 1 + {integer('e.event_key', 64, seed, 0, 99)} else e.user_id end,
            e.event_type,
            e.event_timestamp,
            {platforms}[1 + {integer('e.event_key', 66, seed, 0, 2)}]
        from (
            -- copy 1 is the event; copy 2 an exact duplicate (1 in 200, delivered twice); copy 3
            -- the same event logged for a user deleted from the replica (1 in 500: an orphan)
            select demo_events.*, copies.copy
            from demo_events
            cross join lateral (values (1), (2), (3)) as copies (copy)
            where demo_events.event_timestamp < {end_ts}
                and (
                    copies.copy = 1
                    or (copies.copy = 2 and {chance('demo_events.event_key', 67, seed, 0.005)})
                    or (copies.copy = 3 and demo_events.event_key > 0 and {chance('demo_events.event_key', 65, seed, 0.002)})
                )
        ) as e
        """,
        params,
    )
    ctx.execute(f"create index if not exists ix_user_events_user_time on {app}.user_events (user_id, event_timestamp)")
    ctx.execute(f"select setval(pg_get_serial_sequence('{app}.user_events', 'id'), greatest((select max(id) from {app}.user_events), 1))")
    return count


def _transactions(ctx, app: str, params: dict) -> tuple[int, int]:
    seed = ctx.seed
    end_ts = "((%(end)s::date + 1)::timestamp at time zone 'UTC')"
    # upload sessions: 55% of users upload, 1 to 4 times; each session is one bank statement
    ctx.execute(
        f"""
        create temp table demo_sessions on commit drop as
        with uploaders as (
            select u.id, u.created_at,
                   greatest(extract(epoch from {end_ts} - u.created_at)::float8 / 86400.0, 0.01) as age_days
            from {app}.users as u
            where {chance('u.id', 70, seed, 0.55)}
        )
        select
            uploaders.id as user_id,
            s.n,
            'ups_' || md5('session' || uploaders.id || '-' || s.n || '-' || {seed}) as upload_session_id,
            uploaders.created_at + make_interval(secs => (
                case when s.n = 1 then {uniform('uploaders.id * 8 + s.n', 71, seed)} * least(uploaders.age_days, 3)
                     else {uniform('uploaders.id * 8 + s.n', 72, seed)} * uploaders.age_days end) * 86400) as uploaded_at,
            -- the account: one of the user's one to three banks, labelled as the bank exported it
            {_pick(BANKS, "uploaders.id * 4 + " + integer('uploaders.id * 8 + s.n', 73, seed, 0, 2), 74, seed)} as bank,
            {integer('uploaders.id * 8 + s.n', 75, seed, 0, 4)} as label_style,
            {integer('uploaders.id * 8 + s.n', 76, seed, 5, 15)} as row_count
        from uploaders
        cross join lateral generate_series(1, {integer('uploaders.id', 77, seed, 1, 4)}) as s (n)
        """,
        params,
    )
    ctx.execute(f"delete from demo_sessions where uploaded_at >= {end_ts}", params)
    ctx.execute(
        f"""
        create temp table demo_rows on commit drop as
        select
            s.user_id,
            s.upload_session_id,
            s.uploaded_at,
            (s.uploaded_at at time zone 'UTC')::date - {integer('s.user_id::bigint * 128 + s.n * 20 + r.k', 80, seed, 1, 30)} as transaction_date,
            case s.label_style
                when 0 then s.bank
                when 1 then lower(s.bank)
                when 2 then '  ' || upper(s.bank) || ' '
                when 3 then s.bank
                else case when r.k = 1 then '' else s.bank end
            end as account,
            {_pick(MERCHANTS, 's.user_id::bigint * 128 + s.n * 20 + r.k', 81, seed)} as merchant,
            {_pick(CATEGORIES, 's.user_id::bigint * 128 + s.n * 20 + r.k', 82, seed)} as category,
            round((2 + 400 * power({uniform('s.user_id::bigint * 128 + s.n * 20 + r.k', 83, seed)}, 3))::numeric, 2) as amount,
            case when {chance('s.user_id::bigint * 128 + s.n * 20 + r.k', 84, seed, 0.15)} then 'income' else 'expense' end as cashflow,
            s.user_id::bigint * 128 + s.n * 20 + r.k as row_key
        from demo_sessions as s
        cross join lateral generate_series(1, s.row_count) as r (k)
        union all
        -- manual rows (no upload session) for 1 in 5 users
        select
            u.id, null, u.created_at + make_interval(days => m.k),
            (u.created_at at time zone 'UTC')::date + m.k,
            null,
            {_pick(MERCHANTS, 'u.id::bigint * 128 + 100 + m.k', 85, seed)},
            {_pick(CATEGORIES, 'u.id::bigint * 128 + 100 + m.k', 86, seed)},
            round((5 + 95 * {uniform('u.id::bigint * 128 + 100 + m.k', 87, seed)})::numeric, 2),
            'expense',
            u.id::bigint * 128 + 100 + m.k
        from {app}.users as u
        cross join generate_series(1, 3) as m (k)
        where {chance('u.id', 88, seed, 0.20)}
            and u.created_at + make_interval(days => m.k) < {end_ts}
        """,
        params,
    )
    migration = f"({end_ts} - interval '{MIGRATION_DAYS_BEFORE_END} days')"
    legacy = ctx.execute(
        f"""
        insert into {app}.transactions
            (id, user_id, date, description, merchant, amount, cashflow, account, category, label, created_at,
             upload_session_id)
        select
            row_number() over (order by r.row_key),
            r.user_id, r.transaction_date, upper(r.merchant) || ' ' || mod(r.row_key, 10000), r.merchant, r.amount,
            r.cashflow, r.account, r.category, null, r.uploaded_at, r.upload_session_id
        from demo_rows as r
        where r.uploaded_at < {migration}
        """,
        params,
    )
    ctx.execute(f"select setval(pg_get_serial_sequence('{app}.transactions', 'id'), greatest((select max(id) from {app}.transactions), 1))")
    # l1: 80% of legacy rows copied (they name their legacy id), then everything after the migration
    l1 = ctx.execute(
        f"""
        insert into {app}.l1_transaction_facts
            (id, tokenized_user_id, transaction_date, description, merchant, amount, cashflow, account, category,
             label, created_at, upload_session_id, legacy_transaction_id)
        select
            row_number() over (order by x.sort_key),
            x.token, x.transaction_date, x.description, x.merchant, x.amount, x.cashflow, x.account, x.category,
            null, x.created_at, x.upload_session_id, x.legacy_transaction_id
        from (
            select
                t.id::bigint as sort_key,
                tok.tokenized_user_id as token,
                t.date as transaction_date, t.description, t.merchant, t.amount, t.cashflow, t.account,
                t.category, {migration} + make_interval(secs => mod(t.id, 86400)) as created_at,
                t.upload_session_id, t.id as legacy_transaction_id
            from {app}.transactions as t
            inner join {app}.l0_user_tokenization as tok on tok.internal_user_id = t.user_id
            where {chance('t.id', 90, seed, 0.80)}
            union all
            select
                1000000000000 + r.row_key,
                case when {chance('r.row_key', 91, seed, 0.003)}
                    then 'tok_unknown_' || mod(r.row_key, 97)
                    else tok.tokenized_user_id end,
                r.transaction_date, upper(r.merchant) || ' ' || mod(r.row_key, 10000), r.merchant, r.amount,
                r.cashflow, r.account, r.category, r.uploaded_at, r.upload_session_id, null
            from demo_rows as r
            inner join {app}.l0_user_tokenization as tok on tok.internal_user_id = r.user_id
            where r.uploaded_at >= {migration}
        ) as x
        """,
        params,
    )
    ctx.execute(f"select setval(pg_get_serial_sequence('{app}.l1_transaction_facts', 'id'), greatest((select max(id) from {app}.l1_transaction_facts), 1))")
    return legacy, l1


def delta(ctx, fraction: float) -> None:
    """The next day's load, about `fraction` of the app's rows, with what real loads bring:

    - new users signing up the day after the end date, whose ids are the ones the base
      history's orphan events name (so those events now have a user: users who arrived
      after their events);
    - that day's events of existing and new users, events that arrive late (dated up to
      60 days back), and old events delivered a second time (exact duplicates);
    - that day's statement uploads in l1, and l1 copies made now of legacy rows not yet
      copied (the legacy row must then count only through its copy).
    """
    app = ctx.schema("app")
    seed = ctx.seed
    base_users = ctx.conn.execute(f"select coalesce(max(id), 0) from {app}.users").fetchone()[0]
    new_users = max(1, round(ctx.users * fraction))
    params = {"day": ctx.end_date + __import__("datetime").timedelta(days=1), "base": base_users, "n": new_users}
    day_start = "(%(day)s::date::timestamp at time zone 'UTC')"
    ctx.record("app", "users", ctx.execute(
        f"""
        insert into {app}.users (id, email, password_hash, display_name, created_at, is_active, email_validated)
        select
            g, 'user' || g || '@example.com', '$2b$12$' || md5('pw' || g || {seed}),
            {_pick(FIRST_NAMES, 'g', 206, seed)} || ' ' || {_pick(LAST_NAMES, 'g', 207, seed)},
            {day_start} + make_interval(secs => 3600 * (7 + 16 * {uniform('g', 205, seed)})),
            true, {chance('g', 211, seed, 0.72)}
        from generate_series(%(base)s + 1, %(base)s + %(n)s) as g
        """, params))
    ctx.execute(f"select setval(pg_get_serial_sequence('{app}.users', 'id'), (select max(id) from {app}.users))")
    ctx.record("app", "l0_user_tokenization", ctx.execute(
        f"""
        insert into {app}.l0_user_tokenization (tokenized_user_id, internal_user_id, created_at)
        select 'tok_' || md5('token' || u.id || {seed}), u.id, u.created_at
        from {app}.users as u where u.id > %(base)s
        """, params))
    ctx.record("app", "onboarding_responses", ctx.execute(
        f"""
        insert into {app}.onboarding_responses (user_id, motivation, last_step, completed_at, created_at)
        select u.id, {_pick(MOTIVATIONS, 'u.id', 246, seed)}, 5, u.created_at + interval '20 minutes',
            u.created_at + interval '1 minute'
        from {app}.users as u where u.id > %(base)s and {chance('u.id', 240, seed, 0.8)}
        """, params))
    existing_events = ctx.conn.execute(f"select count(*) from {app}.user_events").fetchone()[0]
    target = max(10, round(existing_events * fraction))
    params["target"] = target
    ctx.record("app", "user_events", ctx.execute(
        f"""
        insert into {app}.user_events (user_id, event_type, event_timestamp, metadata)
        with recent as (
            -- users active in the last two weeks, and the new ones
            select distinct e.user_id from {app}.user_events as e
            where e.event_timestamp >= {day_start} - interval '14 days'
                and e.user_id <= %(base)s
            union
            select u.id from {app}.users as u where u.id > %(base)s
        ),
        today as (
            select
                recent.user_id,
                n.k,
                case when mod(n.k, 3) = 0 then 'dashboard_access' else 'login' end as event_type,
                {day_start} + make_interval(secs => 86399 * {uniform('recent.user_id * 16 + n.k', 250, seed)})
                    as event_timestamp
            from recent
            cross join generate_series(1, 3) as n (k)
            where {uniform('recent.user_id * 16 + n.k', 251, seed)} < 0.6
        ),
        late as (
            -- events that reach the replica days after they happened
            select
                e.user_id, 0 as k, e.event_type,
                {day_start} - make_interval(secs => 86400 * (2 + 58 * {uniform('e.id', 252, seed)})) as event_timestamp
            from {app}.user_events as e
            where e.user_id <= %(base)s and {chance('e.id', 253, seed, 0.002)}
        ),
        again as (
            -- old events delivered a second time: exact duplicates
            select e.user_id, 0 as k, e.event_type, e.event_timestamp
            from {app}.user_events as e
            where {chance('e.id', 254, seed, 0.001)}
        )
        select user_id, event_type, event_timestamp, '{{"platform": "web"}}'::jsonb
        from (
            select * from today
            union all
            select * from late
            union all
            select * from again
        ) as delivered
        order by event_timestamp, user_id, event_type
        limit %(target)s * 2
        """, params))
    # that day's uploads (born in l1) and legacy rows copied to l1 only now
    ctx.record("app", "l1_transaction_facts", ctx.execute(
        f"""
        insert into {app}.l1_transaction_facts
            (tokenized_user_id, transaction_date, merchant, amount, cashflow, account, category,
             created_at, upload_session_id, legacy_transaction_id)
        select
            tok.tokenized_user_id,
            %(day)s::date - {integer('u.id * 32 + r.k', 260, seed, 1, 25)},
            {_pick(MERCHANTS, 'u.id * 32 + r.k', 261, seed)},
            round((2 + 300 * {uniform('u.id * 32 + r.k', 262, seed)})::numeric, 2),
            'expense',
            {_pick(BANKS, 'u.id', 263, seed)},
            {_pick(CATEGORIES, 'u.id * 32 + r.k', 264, seed)},
            {day_start} + make_interval(secs => 3600 * (9 + 10 * {uniform('u.id', 265, seed)})),
            'ups_delta_' || md5(u.id || '-' || {seed}),
            null
        from {app}.users as u
        inner join {app}.l0_user_tokenization as tok on tok.internal_user_id = u.id
        cross join generate_series(1, 8) as r (k)
        where {uniform('u.id', 266, seed)} < %(fraction)s * 1.7
        union all
        select
            tok.tokenized_user_id, t.date, t.merchant, t.amount, t.cashflow, t.account, t.category,
            {day_start} + interval '2 hours', t.upload_session_id, t.id
        from {app}.transactions as t
        inner join {app}.l0_user_tokenization as tok on tok.internal_user_id = t.user_id
        where not exists (select 1 from {app}.l1_transaction_facts as f where f.legacy_transaction_id = t.id)
            and {chance('t.id', 267, seed, 0.25)}
        """, dict(params, fraction=fraction)))

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

from runner.demo.random import chance, integer, money, uniform

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
    """The events, numbered (id) in the order of their event key, each copy after its event.

    The few events before signup and around the DST changes have negative keys: they are
    numbered first. The others follow user by user (a key grows with the user id, then the
    active day, then the event of the day), so numbering them sorts within each user only.
    """
    seed = ctx.seed
    end_ts = "((%(end)s::date + 1)::timestamp at time zone 'UTC')"
    platforms = "(array['{\"platform\": \"ios\"}', '{\"platform\": \"android\"}', '{\"platform\": \"web\"}']::jsonb[])"

    def numbered(events: str, order: str, first_id: str) -> str:
        return f"""
            select
                {first_id} + row_number() over (order by {order}),
                case when e.copy = 3 then %(users)s + 1 + {integer('e.event_key', 64, seed, 0, 99)} else e.user_id end,
                e.event_type,
                e.event_timestamp,
                {platforms}[1 + {integer('e.event_key', 66, seed, 0, 2)}]
            from ({events}) as e
            where e.event_timestamp < {end_ts}
        """

    # copy 1 is the event; copy 2 an exact duplicate (1 in 200, delivered twice); copy 3 the
    # same event logged for a user deleted from the replica (1 in 500: an orphan; never for
    # an event with a negative key)
    def duplicate(key: str) -> str:
        return chance(key, 67, seed, 0.005)

    def orphan(key: str) -> str:
        return f"(({key}) > 0 and {chance(key, 65, seed, 0.002)})"

    # events shortly before signup (1 in 100 users: the app logged a login before the account
    # row), and the DST changes and local midnight in America/New_York for a few early users
    extras = f"""
        select x.*, copies.copy
        from (
            select u.id as user_id, 'login' as event_type,
                u.created_at - make_interval(secs => 3600 + {uniform('u.id', 62, seed)} * 90000) as event_timestamp,
                -u.id::bigint as event_key
            from {app}.users as u
            where {chance('u.id', 63, seed, 0.01)}
            union all
            select u.id, 'login', moments.at_utc, -(u.id::bigint * 100 + moments.n) - 1000000000
            from {app}.users as u
            cross join (values
                (1, timestamptz '2025-11-02 05:30+00'), (2, timestamptz '2025-11-02 06:30+00'),
                (3, timestamptz '2026-03-08 06:30+00'), (4, timestamptz '2026-03-08 07:30+00'),
                (5, timestamptz '2026-01-06 04:59+00'), (6, timestamptz '2026-01-06 05:01+00')
            ) as moments (n, at_utc)
            where u.id <= 40 and u.created_at < moments.at_utc and moments.at_utc < {end_ts}
        ) as x
        cross join lateral (
            select 1 union all select 2 where {duplicate('x.event_key')}
            union all select 3 where {orphan('x.event_key')}
        ) as copies (copy)
    """
    first = ctx.execute(
        f"""
        insert into {app}.user_events (id, user_id, event_type, event_timestamp, metadata)
        {numbered(extras, "e.event_key, e.copy", "0")}
        """,
        params,
    )
    # Per active day: a login (sometimes two), dashboard views, rarely feedback or an unknown
    # type. Each level below is computed once per row of its own (a subquery with `order by`
    # is not inlined) and keeps the rows in user order, so that numbering them sorts each
    # user's rows only. Active days: an early burst that decays (tau = 10 days), then, for
    # retained users, a habit.
    slot_key = "(slots.id::bigint * 8192 + slots.slot)"
    days = f"""
        select
            slots.id as user_id,
            {slot_key} as day_key,
            slots.created_at + make_interval(days => (case
                when slots.slot <= 2 + floor(10 * slots.engagement) then floor(-10 * ln(1 - {uniform(slot_key, 52, seed)}
                    * (1 - exp(-slots.age_days / 10))))
                else floor({uniform(slot_key, 53, seed)} * slots.age_days)
              end)::int) as day_anchor,
            {integer(slot_key, 54, seed, 1, 2)} as logins
        from (
            select users.*, s.slot
            from (
                select
                    u.id,
                    u.created_at,
                    greatest(extract(epoch from {end_ts} - u.created_at)::float8 / 86400.0, 0.01) as age_days,
                    {uniform('u.id', 50, seed)} as engagement,
                    {chance('u.id', 51, seed, 0.35)} as is_retained
                from {app}.users as u
                order by u.id
            ) as users
            cross join lateral generate_series(
                1,
                (2 + floor(10 * users.engagement)
                 + case when users.is_retained then floor(users.age_days * (0.05 + 0.25 * users.engagement)) else 0 end
                )::int
            ) as s (slot)
            order by users.id
        ) as slots
        order by slots.id
    """
    # event n of the day (1 to 6) happens when: n <= logins, or (n = 2 after one login, 3 and
    # 4) a draw < 0.45, or (5, 6) the day's draw for feedback or an unknown type
    happens = {
        2: f"(days.logins = 2 or {uniform('(days.day_key * 8 + 2)', 56, seed)} < 0.45)",
        3: f"({uniform('(days.day_key * 8 + 3)', 56, seed)} < 0.45)",
        4: f"({uniform('(days.day_key * 8 + 4)', 56, seed)} < 0.45)",
        5: chance("days.day_key", 57, seed, 0.03),
        6: chance("days.day_key", 58, seed, 0.02),
    }
    # a day's rows as codes n * 4 + copy, in the order of their key (event, then copy)
    codes = []
    for n in range(1, 7):
        key = f"(day.day_key * 8 + {n})"
        happened = "" if n == 1 else f"day.happens_{n} and "
        codes.append(str(n * 4 + 1) if n == 1 else f"case when day.happens_{n} then {n * 4 + 1} end")
        codes.append(f"case when {happened}{duplicate(key)} then {n * 4 + 2} end")
        codes.append(f"case when {happened}{orphan(key)} then {n * 4 + 3} end")
    n = "(e.code / 4)"
    event_key = f"(e.day_key * 8 + {n})"
    main = f"""
        select
            e.user_id,
            case
                when {n} <= e.logins then 'login'
                when {n} <= 4 then 'dashboard_access'
                when {n} = 5 then 'feedback'
                else (array['settings_view', 'notification_open'])[1 + {integer('e.day_key', 55, seed, 0, 1)}]
            end as event_type,
            -- local evening-heavy times, 4 in 100 within an hour of midnight in New York
            case
                when {chance(event_key, 59, seed, 0.04)}
                    then date_trunc('day', e.day_anchor at time zone 'UTC') at time zone 'UTC'
                        + make_interval(secs => 4 * 3600 + {uniform(event_key, 60, seed)} * 7200)
                else e.day_anchor + make_interval(secs => {uniform(event_key, 61, seed)} * 14 * 3600)
            end as event_timestamp,
            {event_key} as event_key,
            e.code %% 4 as copy
        from (
            select day.user_id, day.day_key, day.day_anchor, day.logins,
                unnest(array_remove(array[{", ".join(codes)}], null)) as code
            from (
                select days.*, {", ".join(f"{happens[k]} as happens_{k}" for k in range(2, 7))}
                from ({days}) as days
                order by days.user_id
            ) as day
            order by day.user_id
        ) as e
    """
    # (user_id, event_key) orders the rows as event_key alone does: a key is the user id times
    # 65,536 plus (slot * 8 + event of the day), which stays below 65,536
    count = ctx.execute(
        f"""
        insert into {app}.user_events (id, user_id, event_type, event_timestamp, metadata)
        {numbered(main, "e.user_id, e.event_key, e.copy", "%(first)s")}
        """,
        dict(params, first=first),
    )
    ctx.execute(f"select setval(pg_get_serial_sequence('{app}.user_events', 'id'), greatest(%(n)s, 1))", {"n": first + count})
    return first + count


def _transactions(ctx, app: str, params: dict) -> tuple[int, int]:
    seed = ctx.seed
    end_ts = "((%(end)s::date + 1)::timestamp at time zone 'UTC')"
    # upload sessions: 55% of users upload, 1 to 4 times; each session is one bank statement
    ctx.execute(
        f"""
        create temp table demo_sessions on commit drop as
        select * from (
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
            from (
                select u.id, u.created_at,
                       greatest(extract(epoch from {end_ts} - u.created_at)::float8 / 86400.0, 0.01) as age_days
                from {app}.users as u
                where {chance('u.id', 70, seed, 0.55)}
            ) as uploaders
            cross join lateral generate_series(1, {integer('uploaders.id', 77, seed, 1, 4)}) as s (n)
        ) as sessions
        where uploaded_at < {end_ts}
        """,
        params,
    )
    migration = f"({end_ts} - interval '{MIGRATION_DAYS_BEFORE_END} days')"

    def statement_rows(where: str) -> str:
        """The rows of the statements uploaded when `where` holds (of `uploaded_at`), with the
        user's token, in the order of their user; `row_key` (user id * 128 + a number below
        128) orders a user's rows. `raw_amount` is the amount before rounding to cents."""
        row_key = "s.user_id::bigint * 128 + s.n * 20 + r.k"
        manual_key = "u.id::bigint * 128 + 100 + u.k"
        return f"""
            select
                s.user_id,
                s.upload_session_id,
                s.uploaded_at,
                (s.uploaded_at at time zone 'UTC')::date - {integer(row_key, 80, seed, 1, 30)} as transaction_date,
                case s.label_style
                    when 0 then s.bank
                    when 1 then lower(s.bank)
                    when 2 then '  ' || upper(s.bank) || ' '
                    when 3 then s.bank
                    else case when r.k = 1 then '' else s.bank end
                end as account,
                {_pick(MERCHANTS, row_key, 81, seed)} as merchant,
                {_pick(CATEGORIES, row_key, 82, seed)} as category,
                2 + 400 * power({uniform(row_key, 83, seed)}, 3) as raw_amount,
                case when {chance(row_key, 84, seed, 0.15)} then 'income' else 'expense' end as cashflow,
                {row_key} as row_key,
                s.token
            from (
                select sessions.*, tok.tokenized_user_id as token
                from demo_sessions as sessions
                inner join {app}.l0_user_tokenization as tok on tok.internal_user_id = sessions.user_id
                where {where.format(at='sessions.uploaded_at')}
                order by sessions.user_id
            ) as s
            cross join lateral generate_series(1, s.row_count) as r (k)
            union all
            -- manual rows (no upload session) for 1 in 5 users
            select
                u.id, null, u.uploaded_at,
                (u.created_at at time zone 'UTC')::date + u.k,
                null,
                {_pick(MERCHANTS, manual_key, 85, seed)},
                {_pick(CATEGORIES, manual_key, 86, seed)},
                5 + 95 * {uniform(manual_key, 87, seed)},
                'expense',
                {manual_key},
                u.token
            from (
                select u.*, u.created_at + make_interval(days => u.k) as uploaded_at
                from (
                    select u.id, u.created_at, tok.tokenized_user_id as token, generate_series(1, 3) as k
                    from {app}.users as u
                    inner join {app}.l0_user_tokenization as tok on tok.internal_user_id = u.id
                    where {chance('u.id', 88, seed, 0.20)}
                    order by u.id
                ) as u
                order by u.id
            ) as u
            where u.uploaded_at < {end_ts} and {where.format(at="u.uploaded_at")}
        """

    # uploads before the migration live in the legacy table
    legacy = ctx.execute(
        f"""
        insert into {app}.transactions
            (id, user_id, date, description, merchant, amount, cashflow, account, category, label, created_at,
             upload_session_id)
        select
            row_number() over (order by r.user_id, r.row_key),
            r.user_id, r.transaction_date, upper(r.merchant) || ' ' || mod(r.row_key, 10000), r.merchant,
            {money('r.raw_amount')},
            r.cashflow, r.account, r.category, null, r.uploaded_at, r.upload_session_id
        from ({statement_rows("{at} < " + migration)}) as r
        """,
        params,
    )
    ctx.execute(f"select setval(pg_get_serial_sequence('{app}.transactions', 'id'), greatest(%(n)s, 1))", {"n": legacy})
    # l1: 80% of legacy rows copied (they name their legacy id, and come first), then every
    # upload after the migration (born in l1)
    copied = ctx.execute(
        f"""
        insert into {app}.l1_transaction_facts
            (id, tokenized_user_id, transaction_date, description, merchant, amount, cashflow, account, category,
             label, created_at, upload_session_id, legacy_transaction_id)
        select
            row_number() over (order by t.id),
            tok.tokenized_user_id, t.date, t.description, t.merchant, t.amount, t.cashflow, t.account,
            t.category, null, {migration} + make_interval(secs => mod(t.id, 86400)), t.upload_session_id, t.id
        from {app}.transactions as t
        inner join {app}.l0_user_tokenization as tok on tok.internal_user_id = t.user_id
        where {chance('t.id', 90, seed, 0.80)}
        """,
        params,
    )
    born = ctx.execute(
        f"""
        insert into {app}.l1_transaction_facts
            (id, tokenized_user_id, transaction_date, description, merchant, amount, cashflow, account, category,
             label, created_at, upload_session_id, legacy_transaction_id)
        select
            %(copied)s + row_number() over (order by r.user_id, r.row_key),
            case when {chance('r.row_key', 91, seed, 0.003)}
                then 'tok_unknown_' || mod(r.row_key, 97)
                else r.token end,
            r.transaction_date, upper(r.merchant) || ' ' || mod(r.row_key, 10000), r.merchant, {money('r.raw_amount')},
            r.cashflow, r.account, r.category, null, r.uploaded_at, r.upload_session_id, null
        from ({statement_rows("{at} >= " + migration)}) as r
        """,
        dict(params, copied=copied),
    )
    ctx.execute(
        f"select setval(pg_get_serial_sequence('{app}.l1_transaction_facts', 'id'), greatest(%(n)s, 1))",
        {"n": copied + born},
    )
    return legacy, copied + born


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

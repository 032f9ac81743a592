"""Demo data for the `app` source system: the consumer money app.

Users sign up over about 18 months before the end date, on a growing weekly curve with a
few campaign spikes, mostly in the evening; some are inactive, most validated their email.
"""

from __future__ import annotations

from runner.demo.random import chance, integer, uniform

HISTORY_DAYS = 548  # about 18 months
FIRST_NAMES = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jon", "Kemal", "Lena"]
LAST_NAMES = ["Okafor", "Smith", "Garcia", "Nguyen", "Kowalski", "Haddad", "Ito", "Silva", "Brown", "Rossi"]


def generate(ctx) -> None:
    app = ctx.schema("app")
    ctx.execute(
        f"truncate {app}.users, {app}.user_events, {app}.transactions, {app}.l0_user_tokenization,"
        f" {app}.l1_transaction_facts, {app}.l0_pii_users, {app}.onboarding_responses restart identity"
    )
    ctx.record("app", "users", _users(ctx, app))


def _users(ctx, app: str) -> int:
    seed = ctx.seed
    growth = 2.2  # the last week signs up about e^2.2 = 9 times as many users as the first
    # inverse CDF of a density growing like e^(growth * t), t in [0, 1)
    base_t = f"(ln(1 + {uniform('g', 1, seed)} * (exp({growth}) - 1)) / {growth})"
    # 12% of signups come from three one-week campaigns
    campaign = integer("g", 3, seed, 0, 2)
    campaign_t = f"((array[0.31, 0.62, 0.88])[1 + {campaign}] + {uniform('g', 4, seed)} * 7.0 / {HISTORY_DAYS})"
    day_fraction = f"least({base_t}, 0.999999)"
    t = f"(case when {chance('g', 2, seed, 0.12)} then {campaign_t} else {day_fraction} end)"
    # hour of day: mostly 07:00-23:00 UTC, peaking in the evening
    hour = f"(7 + 16 * sqrt({uniform('g', 5, seed)}))"
    first = f"(array[{', '.join(repr(n) for n in FIRST_NAMES)}])[1 + floor({uniform('g', 6, seed)} * {len(FIRST_NAMES)})::int]"
    last = f"(array[{', '.join(repr(n) for n in LAST_NAMES)}])[1 + floor({uniform('g', 7, seed)} * {len(LAST_NAMES)})::int]"
    sql = f"""
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
    """
    count = ctx.execute(sql, {"end": ctx.end_date, "users": ctx.users})
    ctx.execute(f"select setval(pg_get_serial_sequence('{app}.users', 'id'), greatest(%(users)s, 1))", {"users": ctx.users})
    return count

"""Demo data for the `spendsense` source system: personas, recommendations, uploads.

About 1,500 accounts at `small` (scaled with ctx.factor) sign up over the year before the
end date: a dozen operators and a few admins who review recommendations, and users who
log in (sessions), upload statements (every status, with validation errors), get persona
assignments that change over time, and receive recommendations that operators approve or
reject, with a pending backlog.

The dirt the warehouse must cope with:
- decisions by an operator since deleted: approved_by / rejected_by NULL (SET NULL);
- persona_history rows of one user logged at the same instant;
- a few uploads whose validation_errors is a JSON object, not an array.
"""

from __future__ import annotations

from runner.demo.random import chance, integer, money, pick, uniform

HISTORY_DAYS = 365
PERSONAS = ["HIGH_UTILIZATION", "VARIABLE_INCOME_BUDGETER", "SUBSCRIPTION_HEAVY", "SAVINGS_BUILDER", "CUSTOM"]
REJECTION_REASONS = ["tone_check_failed", "not_eligible", "duplicate_content", "insufficient_signals", "offer_expired"]
EDUCATION_TITLES = ["Lower your card utilization", "Build a one-month buffer", "Audit your subscriptions", "Automate your savings"]
OFFER_TITLES = ["Balance transfer card", "High-yield savings account", "Budgeting app trial", "Credit builder loan"]


def uid(kind: str, key: str, seed: int) -> str:
    """A deterministic uuid for row `key` of an entity `kind`."""
    return f"md5('ss-{kind}:{seed}:' || ({key})::text)::uuid"


def literals(values: list[str]) -> list[str]:
    return ["'" + value.replace("'", "''") + "'" for value in values]


def generate(ctx) -> None:
    ss = ctx.schema("spendsense")
    ctx.execute(
        f"truncate {ss}.users, {ss}.sessions, {ss}.data_uploads, {ss}.recommendations,"
        f" {ss}.user_profiles, {ss}.persona_history"
    )
    sizes = {
        "accounts": max(60, round(1500 * ctx.factor)),
        "operators": max(3, round(12 * ctx.factor)),
        "admins": max(1, round(3 * ctx.factor)),
    }
    params = {"end": ctx.end_date, **sizes}
    _accounts(ctx, ss, params)
    ctx.record("spendsense", "users", _users(ctx, ss))
    ctx.record("spendsense", "sessions", _sessions(ctx, ss, params))
    ctx.record("spendsense", "data_uploads", _uploads(ctx, ss, params))
    ctx.record("spendsense", "persona_history", _persona_history(ctx, ss, params))
    ctx.record("spendsense", "user_profiles", _profiles(ctx, ss))
    ctx.record("spendsense", "recommendations", _recommendations(ctx, ss, params))
    ctx.execute("drop table if exists pg_temp.ss_accounts")


def _accounts(ctx, ss: str, params: dict) -> None:
    """A temp table of the accounts with their integer key g, role and signup time."""
    seed = ctx.seed
    # more signups later in the year (density growing like t); staff exist from the start
    offset = f"floor({HISTORY_DAYS} * sqrt({uniform('g', 1, seed)}))::int"
    hour = f"(7 + 16 * {uniform('g', 2, seed)})"
    ctx.execute("drop table if exists pg_temp.ss_accounts")
    ctx.execute(
        f"""
        create temp table ss_accounts as
        select
            g,
            {uid('user', 'g', seed)} as user_id,
            case
                when g <= %(operators)s then 'operator'
                when g <= %(operators)s + %(admins)s then 'admin'
                else 'user'
            end as role,
            case
                when g <= %(operators)s + %(admins)s then (%(end)s::date - {HISTORY_DAYS} - 30)::timestamp at time zone 'UTC'
                else (%(end)s::date - {HISTORY_DAYS} + least({offset}, {HISTORY_DAYS} - 1))::timestamp at time zone 'UTC'
                    + make_interval(secs => {hour} * 3600)
            end as created_at,
            ((%(end)s::date + 1)::timestamp at time zone 'UTC') - interval '1 minute' as end_at
        from generate_series(1, %(accounts)s) as g
        """,
        params,
    )
    ctx.execute("create index on pg_temp.ss_accounts (g)")
    ctx.execute("analyze pg_temp.ss_accounts")


def _users(ctx, ss: str) -> int:
    seed = ctx.seed
    identity = uniform("g", 10, seed)  # <0.70 email; <0.85 email+phone; <0.95 OAuth only; else phone
    return ctx.execute(
        f"""
        insert into {ss}.users
            (user_id, email, phone_number, password_hash, oauth_providers, role, consent_status,
             consent_version, created_at, updated_at)
        select
            user_id,
            case when {identity} < 0.85 then 'ss.user' || g || '@example.com' end,
            case when {identity} >= 0.70 and ({identity} < 0.85 or {identity} >= 0.95)
                then '+1555' || lpad(g::text, 7, '0') end,
            case when {identity} < 0.85 or {identity} >= 0.95 then '$2b$12$' || md5('pw' || g || {seed}) end,
            case
                when {identity} >= 0.85 and {identity} < 0.95
                    then jsonb_build_object('google', 'google-oauth2|' || md5('oauth' || g || {seed}))
                else '{{}}'::jsonb
            end,
            role,
            role <> 'user' or not {chance('g', 11, seed, 0.15)},
            {pick('g', 12, seed, literals(['1.0', '1.0', '1.1', '2.0']))},
            created_at,
            case when {chance('g', 13, seed, 0.4)}
                then least(created_at + make_interval(days => {integer('g', 14, seed, 1, 200)}), end_at) end
        from ss_accounts
        """
    )


def _sessions(ctx, ss: str, params: dict) -> int:
    seed = ctx.seed
    key = "(a.g * 16 + s)"
    count = f"(case when a.role = 'user' then {integer('a.g', 20, seed, 0, 5)} else 8 end)"
    created = f"(a.created_at + (a.end_at - a.created_at) * {uniform(key, 21, seed)})"
    # refresh tokens live 30 days, "remember me" ones 90
    lifetime = f"(case when {chance(key, 22, seed, 0.2)} then interval '90 days' else interval '30 days' end)"
    return ctx.execute(
        f"""
        insert into {ss}.sessions (session_id, user_id, refresh_token, expires_at, created_at, last_used_at)
        select
            {uid('session', key, seed)},
            a.user_id,
            'rt.' || md5('rt' || {key} || {seed}) || md5('rt2' || {key} || {seed}),
            started.created_at + {lifetime},
            started.created_at,
            least(started.created_at + ({lifetime}) * {uniform(key, 23, seed)} ^ 2, a.end_at)
        from ss_accounts as a
        cross join lateral generate_series(1, {count}) as s
        cross join lateral (select {created} as created_at) as started
        """
    )


def _uploads(ctx, ss: str, params: dict) -> int:
    seed = ctx.seed
    key = "(a.g * 8 + n)"
    created = f"(a.created_at + (a.end_at - a.created_at) * sqrt({uniform(key, 31, seed)}))"
    r = uniform(key, 32, seed)
    # the outer query sees the upload's key as k
    errors = f"""(
            select jsonb_agg(jsonb_build_object(
                'type', 'transaction',
                'transaction_id', 'txn_' || (k * 10 + e),
                'error', (array['account_id does not exist', 'amount is not a number', 'date out of range'])[1 + mod(e, 3)],
                'severity', case when e = 1 then 'error' else 'warning' end))
            from generate_series(1, {integer('k', 33, seed, 1, 4)}) as e
        )"""
    return ctx.execute(
        f"""
        insert into {ss}.data_uploads
            (upload_id, user_id, file_name, file_size, file_type, s3_key, s3_bucket, status,
             validation_errors, created_at, updated_at, processed_at)
        select
            upload_id,
            user_id,
            'statement_' || to_char(created_at at time zone 'UTC', 'YYYY_MM_DD') || '.' || file_type,
            file_size,
            file_type,
            'uploads/' || user_id || '/' || upload_id || '.' || file_type,
            'spendsense-uploads',
            status,
            case
                when status = 'failed' and {chance('k', 34, seed, 0.02)}
                    then jsonb_build_object('error', 'parser crashed')
                when status = 'failed' then {errors}
                when status = 'completed' and {chance('k', 35, seed, 0.2)}
                    then jsonb_build_array(jsonb_build_object(
                        'type', 'account', 'error', 'balance missing', 'severity', 'warning'))
                when status = 'completed' then '[]'::jsonb
            end,
            created_at,
            coalesce(processed_at, created_at),
            processed_at
        from (
            select
                {uid('upload', key, seed)} as upload_id,
                a.user_id,
                {key} as k,
                {pick(key, 36, seed, literals(['csv', 'csv', 'csv', 'json', 'json']))} as file_type,
                (2000 + {uniform(key, 37, seed)} ^ 3 * 5000000)::int as file_size,
                created.created_at,
                case
                    when created.created_at > a.end_at - interval '6 hours'
                        then (case when {r} < 0.5 then 'pending' else 'processing' end)
                    when {r} < 0.78 then 'completed'
                    when {r} < 0.94 then 'failed'
                    when {r} < 0.97 then 'processing'
                    else 'pending'
                end as status
            from ss_accounts as a
            cross join lateral generate_series(1, {integer('a.g', 30, seed, 0, 4)}) as n
            cross join lateral (select {created} as created_at) as created
            where a.role = 'user'
            offset 0
        ) as uploads
        cross join lateral (
            select case when status in ('completed', 'failed')
                then created_at + make_interval(secs => 20 + {uniform('k', 38, seed)} ^ 2 * 900)
            end as processed_at
        ) as processed
        """
    )


def _assigned_at(n: str, seed: int) -> str:
    """When the n-th assignment (1-based) of account a happened, from its first assignment
    (a.first_at) and the step between assignments (a.step)."""
    later = f"(a.first_at + a.step * (({n}) - 1 + {uniform(f'(a.g * 8 + {n})', 42, seed)} * 0.9))"
    return f"(case when ({n}) = 1 then a.first_at else {later} end)"


def _persona_history(ctx, ss: str, params: dict) -> int:
    seed = ctx.seed
    key = "(a.g * 8 + n)"
    count = f"(case when {chance('a.g', 40, seed, 0.07)} then 0 else {integer('a.g', 43, seed, 1, 4)} end)"
    # the first assignment a few hours to four days after signup, and never past half the
    # time left before the end; the k assignments spread over the rest of the time
    first = f"(a.created_at + least(make_interval(hours => {integer('a.g', 41, seed, 2, 96)}), (a.end_at - a.created_at) / 2))"
    # 3% of users with several assignments log the last two at the same instant
    tie = f"(a.k >= 2 and n = a.k and {chance('a.g', 44, seed, 0.03)})"
    persona = integer(key, 45, seed, 1, 5)
    names = "array[" + ", ".join(literals(PERSONAS)) + "]"
    utilization = money(uniform(key, 46, seed))
    growth = f"round({uniform(key, 47, seed)}::numeric / 10, 3)"
    return ctx.execute(
        f"""
        insert into {ss}.persona_history (history_id, user_id, persona_id, persona_name, assigned_at, signals)
        select
            {uid('persona', key, seed)},
            a.user_id,
            {persona},
            ({names})[{persona}],
            case when {tie} then {_assigned_at('n - 1', seed)} else {_assigned_at('n', seed)} end,
            ('{{"credit": {{"utilization_rate": ' || {utilization} || '}}, "savings": {{"growth_rate": ' || {growth} || '}}}}')::jsonb
        from (
            -- per account, computed once (not inlined into every assignment)
            select a.g, a.user_id, a.k, a.first_at, (a.end_at - a.first_at) / a.k as step
            from (
                select a.g, a.user_id, a.end_at, {count} as k, {first} as first_at
                from ss_accounts as a
                where a.role = 'user'
                offset 0
            ) as a
            where a.k > 0
        ) as a
        cross join lateral generate_series(1, a.k) as n
        """
    )


def _profiles(ctx, ss: str) -> int:
    """The current persona of each user with history: their latest assignment (ties by history_id)."""
    seed = ctx.seed
    return ctx.execute(
        f"""
        insert into {ss}.user_profiles
            (profile_id, user_id, persona_id, persona_name, signals_30d, signals_180d, updated_at)
        select distinct on (user_id)
            md5('ss-profile:{seed}:' || user_id::text)::uuid,
            user_id,
            persona_id,
            persona_name,
            signals,
            signals,
            assigned_at
        from {ss}.persona_history
        order by user_id, assigned_at desc, history_id desc
        """
    )


def _recommendations(ctx, ss: str, params: dict) -> int:
    seed = ctx.seed
    key = "(a.g * 16 + n)"
    staff = "(%(operators)s + %(admins)s)"
    created = f"(firsts.first_at + (a.end_at - firsts.first_at) * sqrt({uniform(key, 51, seed)}))"
    # review time: skewed, most within a day, a long tail up to four days
    review = f"make_interval(secs => (0.1 + 96 * {uniform(key, 52, seed)} ^ 3) * 3600)"
    r = uniform(key, 53, seed)
    operator = uid("user", f"1 + floor({uniform(key, 55, seed)} * {staff})::int", seed)
    deleted_operator = chance(key, 56, seed, 0.03)
    return ctx.execute(
        f"""
        insert into {ss}.recommendations
            (recommendation_id, user_id, type, title, content, rationale, status, decision_trace,
             created_at, approved_at, approved_by, rejected_at, rejected_by, rejection_reason)
        select
            recommendation_id,
            user_id,
            type,
            case when type = 'education'
                then {pick('k', 57, seed, literals(EDUCATION_TITLES))}
                else {pick('k', 57, seed, literals(OFFER_TITLES))}
            end,
            'Generated content for recommendation ' || k,
            'Matches the signals of the persona held at creation.',
            status,
            jsonb_build_object('guardrails_checks', jsonb_build_object('consent', true, 'eligibility', true)),
            created_at,
            case when status = 'approved' then decided_at end,
            case when status = 'approved' and not deleted_operator then operator_id end,
            case when status = 'rejected' then decided_at end,
            case when status = 'rejected' and not deleted_operator then operator_id end,
            case when status = 'rejected' then {pick('k', 58, seed, literals(REJECTION_REASONS))} end
        from (
            select
                {uid('recommendation', key, seed)} as recommendation_id,
                a.user_id,
                {key} as k,
                case when {chance(key, 59, seed, 0.35)} then 'partner_offer' else 'education' end as type,
                created.created_at,
                created.created_at + {review} as decided_at,
                case
                    when created.created_at + {review} > a.end_at then 'pending'
                    when {r} < 0.68 then 'approved'
                    when {r} < 0.96 then 'rejected'
                    else 'pending'
                end as status,
                {operator} as operator_id,
                {deleted_operator} as deleted_operator
            from ss_accounts as a
            inner join (
                select user_id, min(assigned_at) as first_at
                from {ss}.persona_history
                group by user_id
            ) as firsts on a.user_id = firsts.user_id
            cross join lateral generate_series(1, {integer('a.g', 50, seed, 0, 8)}) as n
            cross join lateral (select {created} as created_at) as created
            where a.role = 'user' and {chance('a.g', 11, seed, 0.15)} = false
            -- computed once per row, not inlined into every outer reference
            offset 0
        ) as recommendations
        """,
        params,
    )

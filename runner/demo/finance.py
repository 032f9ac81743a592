"""Demo data for the `finance` source system: the AI finance platform.

About 1,000 users at `small` (scaled with ctx.factor) join over the 14 months before the end
date. Most link one to three bank connections (ACTIVE, EXPIRED or ERROR; some ACTIVE ones
have not synced for days, a few never synced); transactions come from the API (with the
connection and a confidence score), file imports and manual entry, and a few are
soft-deleted. Most users keep monthly budgets for the last six months whose allocations
name some categories they never spend in, while they also spend in categories the budget
does not name. Goals come in every status, some overdue, some without a deadline. ML
models: versions of the global models (one active per type, the latest PREDICTION not
activated) and per-user categorisation models.

Source timestamps are `timestamp without time zone` holding UTC wall-clock times.

The dirt: soft-deleted transactions; budgets whose allocations JSON holds a value that is
not a number (a string, null or an object) for one category.
"""

from __future__ import annotations

from runner.demo.random import chance, integer, money, uniform

HISTORY_DAYS = 425  # about 14 months
BUDGET_MONTHS = 6
INSTITUTIONS = [
    ("ins_3", "Chase"), ("ins_4", "Wells Fargo"), ("ins_5", "Bank of America"), ("ins_6", "Citi"),
    ("ins_7", "Capital One"), ("ins_9", "US Bank"), ("ins_12", "PNC"), ("ins_14", "TD Bank"),
    ("ins_19", "Ally"), ("ins_27", "Chime"),
]
EXPENSE_CATEGORIES = [
    "Groceries", "Dining", "Transportation", "Entertainment", "Utilities", "Shopping", "Healthcare",
    "Travel", "Subscriptions",
]
INCOME_CATEGORIES = ["Salary", "Salary", "Salary", "Freelance", "Interest"]
# categories a budget may allocate that no transaction ever uses
NEVER_SPENT = ["Pets", "Education", "Gifts"]
GOAL_NAMES = ["Emergency fund", "Vacation", "New car", "Down payment", "Pay off credit card", "Wedding", "New laptop"]
FIRST_NAMES = ["Maya", "Omar", "Lucia", "Tom", "Aiko", "Kwame", "Sofia", "Raj", "Nora", "Pavel"]
LAST_NAMES = ["Reyes", "Khan", "Muller", "Osei", "Tanaka", "Dubois", "Singh", "Novak", "Adams", "Costa"]


def uid(kind: str, key: str, seed: int) -> str:
    """A deterministic uuid for row `key` of an entity `kind`."""
    return f"md5('fin-{kind}:{seed}:' || ({key})::text)::uuid"


def literals(values: list[str]) -> list[str]:
    return ["'" + value.replace("'", "''") + "'" for value in values]


def array(values: list[str]) -> str:
    return "array[" + ", ".join(literals(values)) + "]"


def generate(ctx) -> None:
    fin = ctx.schema("finance")
    ctx.execute(
        f"truncate {fin}.users, {fin}.connections, {fin}.transactions, {fin}.budgets,"
        f" {fin}.financial_goals, {fin}.ml_models"
    )
    params = {"end": ctx.end_date, "users": max(50, round(1000 * ctx.factor))}
    _accounts(ctx, params)
    ctx.record("finance", "users", _users(ctx, fin))
    ctx.record("finance", "connections", _connections(ctx, fin))
    ctx.record("finance", "transactions", _transactions(ctx, fin))
    ctx.record("finance", "budgets", _budgets(ctx, fin))
    ctx.record("finance", "financial_goals", _goals(ctx, fin))
    ctx.record("finance", "ml_models", _models(ctx, fin, params))
    ctx.execute("drop table if exists pg_temp.fin_accounts")


def _connection_count(g: str, seed: int) -> str:
    """How many connections user g has (0 to 3); recomputed wherever needed."""
    return f"(case when {chance(g, 10, seed, 0.2)} then 0 else {integer(g, 11, seed, 1, 3)} end)"


def _accounts(ctx, params: dict) -> None:
    """A temp table of the users with their integer key g and signup time (UTC wall clock)."""
    seed = ctx.seed
    offset = f"floor({HISTORY_DAYS} * sqrt({uniform('g', 1, seed)}))::int"
    ctx.execute("drop table if exists pg_temp.fin_accounts")
    ctx.execute(
        f"""
        create temp table fin_accounts as
        select
            g,
            {uid('user', 'g', seed)} as user_id,
            (%(end)s::date - {HISTORY_DAYS} + least({offset}, {HISTORY_DAYS} - 10))::timestamp
                + make_interval(secs => (6 + 17 * {uniform('g', 2, seed)}) * 3600) as created_at,
            (%(end)s::date + 1)::timestamp - interval '1 minute' as end_at,
            connections.connection_count,
            -- the ids of the user's connections (1 to connection_count), as in connections
            array(
                select {uid('connection', 'g * 4 + c', seed)} from generate_series(1, connections.connection_count) as c
                order by c
            ) as connection_ids
        from generate_series(1, %(users)s) as g
        cross join lateral (select {_connection_count('g', seed)} as connection_count) as connections
        """,
        params,
    )
    ctx.execute("analyze pg_temp.fin_accounts")


def _users(ctx, fin: str) -> int:
    seed = ctx.seed
    first = f"({array(FIRST_NAMES)})[{integer('g', 3, seed, 1, len(FIRST_NAMES))}]"
    last = f"({array(LAST_NAMES)})[{integer('g', 4, seed, 1, len(LAST_NAMES))}]"
    return ctx.execute(
        f"""
        insert into {fin}.users (id, email, password_hash, first_name, last_name, created_at, updated_at)
        select
            user_id,
            'fin.user' || g || '@example.com',
            '$2b$12$' || md5('fin-pw' || g || {seed}),
            {first},
            {last},
            created_at,
            least(created_at + make_interval(days => {integer('g', 5, seed, 0, 90)}), end_at)
        from fin_accounts
        """
    )


def _connections(ctx, fin: str) -> int:
    seed = ctx.seed
    key = "(a.g * 4 + c)"
    institution = integer(key, 12, seed, 1, len(INSTITUTIONS))
    ids = array([i for i, _ in INSTITUTIONS])
    names = array([n for _, n in INSTITUTIONS])
    r = uniform(key, 13, seed)
    fresh = uniform(key, 14, seed)
    return ctx.execute(
        f"""
        insert into {fin}.connections
            (id, user_id, institution_id, institution_name, access_token, last_sync, status, created_at)
        select
            {uid('connection', key, seed)},
            a.user_id,
            ({ids})[{institution}],
            ({names})[{institution}],
            'access-production-' || md5('token' || {key} || {seed}),
            case
                -- ACTIVE: most synced within the last 20 hours, some days ago (stale), a few never
                when status.value = 'ACTIVE' and {fresh} < 0.80
                    then greatest(a.end_at - make_interval(secs => {uniform(key, 15, seed)} * 20 * 3600), linked.created_at)
                when status.value = 'ACTIVE' and {fresh} < 0.96
                    then greatest(a.end_at - make_interval(secs => (30 + {uniform(key, 15, seed)} * 240) * 3600), linked.created_at)
                when status.value = 'ACTIVE' then null
                -- EXPIRED / ERROR: stopped syncing days to months ago, or never synced
                when {fresh} < 0.9
                    then greatest(a.end_at - make_interval(secs => (3 + {uniform(key, 15, seed)} * 90) * 86400), linked.created_at)
            end,
            status.value,
            linked.created_at
        from fin_accounts as a
        cross join lateral generate_series(1, a.connection_count) as c
        cross join lateral (
            select case when {r} < 0.72 then 'ACTIVE' when {r} < 0.87 then 'EXPIRED' else 'ERROR' end as value
        ) as status
        cross join lateral (
            select least(
                a.created_at + make_interval(secs => {uniform(key, 16, seed)} * 60 * 86400),
                a.end_at - interval '2 days'
            ) as created_at
        ) as linked
        """
    )


def _transactions(ctx, fin: str) -> int:
    seed = ctx.seed
    key = "(a.g * 256 + n)"
    days = "(a.end_at::date - a.created_at::date + 1)"
    incomes, expenses = array(INCOME_CATEGORIES), array(EXPENSE_CATEGORIES)
    # each random draw is computed once per row: the `offset 0` subqueries keep PostgreSQL
    # from inlining a draw into every expression that reads it
    return ctx.execute(
        f"""
        insert into {fin}.transactions
            (id, user_id, amount, date, description, category, type, source, confidence_score,
             connection_id, created_at, updated_at, deleted_at)
        select
            {uid('transaction', 'k', seed)},
            user_id,
            {money('raw_amount')},
            transaction_date,
            category || ' ' || to_char(transaction_date::timestamp, 'Mon DD'),
            category,
            type,
            source,
            case
                when source = 'MANUAL' then null
                when {chance('k', 24, seed, 0.05)} then null
                else {money('r_confidence')}
            end,
            case when source = 'API' then connection_ids[connection_number] end,
            created_at,
            created_at,
            case when {chance('k', 26, seed, 0.03)}
                then least(created_at + make_interval(days => {integer('k', 27, seed, 0, 20)}), end_at) end
        from (
            select
                k,
                user_id,
                end_at,
                transaction_date,
                connection_ids,
                r_confidence,
                transaction_date + make_interval(secs => r_time * 86399) + interval '2 hours' as created_at,
                case when r_income < 0.12 then 'INCOME' else 'EXPENSE' end as type,
                case
                    when r_income < 0.12 then ({incomes})[1 + floor(r_category * {len(INCOME_CATEGORIES)})::int]
                    else ({expenses})[1 + floor(r_category * {len(EXPENSE_CATEGORIES)})::int]
                end as category,
                case
                    when r_income < 0.12 then 800 + 3200 * r_amount
                    else 3 + 600 * r_amount ^ 2
                end as raw_amount,
                case
                    when connection_count > 0 and r_source < 0.60 then 'API'
                    when connection_count > 0 and r_source < 0.85 then 'FILE_IMPORT'
                    when connection_count > 0 then 'MANUAL'
                    when r_source < 0.70 then 'MANUAL'
                    else 'FILE_IMPORT'
                end as source,
                1 + mod(floor(r_connection * 3)::int, greatest(connection_count, 1)) as connection_number
            from (
                select
                    {key} as k,
                    a.user_id,
                    a.end_at,
                    a.connection_count,
                    a.connection_ids,
                    a.created_at::date + floor({uniform(key, 31, seed)} * {days})::int as transaction_date,
                    {uniform(key, 21, seed)} as r_income,
                    {uniform(key, 22, seed)} as r_source,
                    {uniform(key, 23, seed)} as r_connection,
                    {uniform(key, 28, seed)} as r_time,
                    {uniform(key, 29, seed)} as r_category,
                    {uniform(key, 30, seed)} as r_amount,
                    0.5 + 0.5 * {uniform('(' + key + ')', 25, seed)} as r_confidence
                from fin_accounts as a
                cross join lateral generate_series(1, {integer('a.g', 20, seed, 20, 100)}) as n
                offset 0
            ) as draws
            offset 0
        ) as transactions
        """
    )


def _budgets(ctx, fin: str) -> int:
    seed = ctx.seed
    key = "(a.g * 8 + m)"
    categories = EXPENSE_CATEGORIES + NEVER_SPENT
    # each category is allocated with probability 0.45 (never-spent ones 0.15). The object
    # is written as JSON text (a member per allocated category; concat_ws skips the others)
    # and cast to jsonb once: the same jsonb as jsonb_build_object of the numerics with the
    # nulls stripped, at a fraction of the cost (the names need no escaping)
    members = []
    for i, name in enumerate(categories, start=1):
        item = f"({key} * 16 + {i})"
        share = 0.15 if i > len(EXPENSE_CATEGORIES) else 0.45
        amount = money(f"(40 + 560 * {uniform(item, 41, seed)})")
        members.append(f"case when {uniform(item, 42, seed)} < {share} then '\"{name}\": ' || ({amount})::text end")
    allocations = f"('{{' || concat_ws(', ', {', '.join(members)}) || '}}')::jsonb"
    count = ctx.execute(
        f"""
        insert into {fin}.budgets (id, user_id, name, period_start, period_end, allocations, created_at, updated_at)
        select
            {uid('budget', key, seed)},
            a.user_id,
            to_char(period.period_start::timestamp, 'Mon YYYY') || ' budget',
            period.period_start,
            (period.period_start + interval '1 month')::date - 1,
            {allocations},
            greatest(period.period_start::timestamp - interval '3 days', a.created_at),
            greatest(period.period_start::timestamp - interval '3 days', a.created_at)
                + make_interval(days => {integer(key, 43, seed, 0, 10)})
        from fin_accounts as a
        cross join lateral generate_series(0, {BUDGET_MONTHS - 1}) as m
        cross join lateral (
            select (date_trunc('month', a.end_at) - make_interval(months => m))::date as period_start
        ) as period
        where {chance('a.g', 40, seed, 0.75)} and period.period_start >= date_trunc('month', a.created_at)::date
        """
    )
    # the dirt: 3% of budgets hold a value that is not a number for one category
    ctx.execute(
        f"""
        update {fin}.budgets as budget
        set allocations = budget.allocations || jsonb_build_object(
            ({array(EXPENSE_CATEGORIES)})[1 + mod(abs(hashtext(budget.id::text)), {len(EXPENSE_CATEGORIES)})],
            ({array(['"300.00"', 'null', '{"amount": 250}', '"n/a"'])})[1 + mod(abs(hashtext('v' || budget.id::text)), 4)]::jsonb
        )
        where mod(abs(hashtext('dirty{seed}' || budget.id::text)), 100) < 3
        """
    )
    return count


def _goals(ctx, fin: str) -> int:
    seed = ctx.seed
    key = "(a.g * 4 + n)"
    r = uniform(key, 51, seed)
    return ctx.execute(
        f"""
        insert into {fin}.financial_goals
            (id, user_id, name, target_amount, current_amount, deadline, category, status, created_at, updated_at)
        select
            goal_id,
            user_id,
            name,
            target_amount,
            case status
                when 'ACHIEVED' then target_amount + round((target_amount * 0.05 * {uniform('k', 52, seed)})::numeric, 2)
                when 'ARCHIVED' then round((target_amount * 0.6 * {uniform('k', 52, seed)})::numeric, 2)
                else round((target_amount * 1.08 * {uniform('k', 52, seed)})::numeric, 2)
            end,
            case when {chance('k', 53, seed, 0.25)} then null
                else created_at::date + {integer('k', 54, seed, 30, 540)} end,
            case when name = 'Pay off credit card' then 'Debt' end,
            status,
            created_at,
            least(created_at + make_interval(days => {integer('k', 55, seed, 0, 120)}), end_at)
        from (
            select
                {uid('goal', key, seed)} as goal_id,
                {key} as k,
                a.user_id,
                a.end_at,
                ({array(GOAL_NAMES)})[{integer(key, 56, seed, 1, len(GOAL_NAMES))}] as name,
                (500 + 50 * {integer(key, 57, seed, 0, 390)})::numeric(12, 2) as target_amount,
                case when {r} < 0.6 then 'ACTIVE' when {r} < 0.85 then 'ACHIEVED' else 'ARCHIVED' end as status,
                a.created_at + (a.end_at - a.created_at) * {uniform(key, 58, seed)} as created_at
            from fin_accounts as a
            cross join lateral generate_series(1, {integer('a.g', 50, seed, 0, 3)}) as n
        ) as goals
        """
    )


def _models(ctx, fin: str, params: dict) -> int:
    seed = ctx.seed
    metric = "round(({low} + {span} * {u})::numeric, 4)::float8"

    def score(key: str, salt: int, low: float, span: float) -> str:
        return metric.format(low=low, span=span, u=uniform(key, salt, seed))

    # global models: CATEGORIZATION 1.0..1.5 (the latest active), PREDICTION 2.0..2.3
    # (2.2 active: 2.3 was trained but never activated)
    global_count = ctx.execute(
        f"""
        insert into {fin}.ml_models
            (id, model_type, user_id, version, accuracy, precision, recall, trained_at, model_path, is_active)
        select
            {uid('model', 'model_type || version', seed)},
            model_type,
            null,
            version,
            {score('v', 61, 0.78, 0.15)},
            {score('v', 62, 0.75, 0.18)},
            {score('v', 63, 0.72, 0.2)},
            %(end)s::date - (60 * (total - v))::int - 5 + time '03:00',
            's3://finance-models/global/' || lower(model_type) || '/' || version || '.pkl',
            is_active
        from (
            select 'CATEGORIZATION' as model_type, v, 6 as total, '1.' || (v - 1) as version, v = 6 as is_active
            from generate_series(1, 6) as v
            union all
            select 'PREDICTION', v, 4, '2.' || (v - 1), v = 3
            from generate_series(1, 4) as v
        ) as versions
        """,
        params,
    )
    # per-user models for users with enough transactions: 1 to 3 versions, the latest active
    # (none active for a fifth of them); a few users also have a PREDICTION model
    key = "(a.g * 8 + v)"
    user_count = ctx.execute(
        f"""
        insert into {fin}.ml_models
            (id, model_type, user_id, version, accuracy, precision, recall, trained_at, model_path, is_active)
        select
            {uid('model', key + " || '-' || model_type", seed)},
            kinds.model_type,
            a.user_id,
            'u' || v || '.0',
            {score(key, 64, 0.8, 0.18)},
            {score(key, 65, 0.78, 0.2)},
            {score(key, 66, 0.7, 0.25)},
            a.end_at - make_interval(days => 40 * (versions.total - v) + {integer(key, 67, seed, 1, 30)}),
            's3://finance-models/users/' || a.user_id || '/' || lower(kinds.model_type) || '/u' || v || '.pkl',
            v = versions.total and not {chance('a.g', 68, seed, 0.2)}
        from fin_accounts as a
        cross join lateral (
            select 'CATEGORIZATION' as model_type
            union all
            select 'PREDICTION' where {chance('a.g', 69, seed, 0.3)}
        ) as kinds
        cross join lateral (select {integer('a.g', 70, seed, 1, 3)} as total) as versions
        cross join lateral generate_series(1, versions.total) as v
        where {chance('a.g', 71, seed, 0.1)}
        """
    )
    return global_count + user_count

-- Source system `app`: the consumer money app (seed: source tables architecture, Jan 2026).
-- Foreign keys are documented in the dbt source YAML and checked by warn-level tests, never
-- created here: the warehouse reads replicas where orphans happen.
create schema if not exists __schema__;

create table if not exists __schema__.users (
    id serial primary key,
    email text unique,
    password_hash text,
    display_name text,
    login_attempts int default 0,
    created_at timestamptz not null,
    is_active boolean not null default true,
    email_validated boolean not null default false
);

create table if not exists __schema__.user_events (
    id serial primary key,
    user_id int not null,  -- FK users(id) on delete cascade
    event_type text not null,
    event_timestamp timestamptz not null default now(),
    metadata jsonb
);
-- a user's events in time order (the per-user, per-day lookups of incremental builds)
create index if not exists ix_user_events_user_time on __schema__.user_events (user_id, event_timestamp);

create table if not exists __schema__.transactions (
    id serial primary key,
    user_id int,  -- FK users(id)
    date date not null,
    description text,
    merchant text,
    amount numeric(12, 2) not null,
    cashflow text,
    account text,
    category text,
    label text,
    created_at timestamptz,
    upload_session_id text
);
create index if not exists ix_transactions_user_id on __schema__.transactions (user_id);

create table if not exists __schema__.l0_user_tokenization (
    tokenized_user_id text primary key,
    internal_user_id int not null,  -- FK users(id)
    created_at timestamptz
);

create table if not exists __schema__.l1_transaction_facts (
    id serial primary key,
    tokenized_user_id text not null,  -- FK l0_user_tokenization(tokenized_user_id)
    transaction_date date not null,
    description text,
    merchant text,
    amount numeric(12, 2),
    cashflow text,
    account text,
    category text,
    label text,
    created_at timestamptz,
    upload_session_id text,
    legacy_transaction_id int  -- transactions(id) it was copied from
);
create index if not exists ix_l1_transaction_facts_legacy on __schema__.l1_transaction_facts (legacy_transaction_id);

create table if not exists __schema__.l0_pii_users (
    id serial primary key,
    internal_user_id int not null,  -- FK users(id)
    first_name text,
    last_name text,
    date_of_birth date,
    phone text
);

create table if not exists __schema__.onboarding_responses (
    id serial primary key,
    user_id int not null unique,  -- FK users(id)
    motivation text,
    emotional_state text,
    financial_context text,
    last_step int not null default 0 check (last_step between 0 and 5),
    completed_at timestamptz,
    created_at timestamptz not null
);

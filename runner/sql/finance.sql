-- Source system `finance` (seed: AI Finance Platform schema). Types, check constraints and
-- index names are the seed's; its TIMESTAMP columns hold UTC wall-clock times (staging
-- reads them as UTC). Foreign keys are documented in the dbt source YAML, not created here.
create schema if not exists __schema__;

create table if not exists __schema__.users (
    id uuid primary key,
    email varchar(255) not null unique,
    password_hash varchar(255) not null,
    first_name varchar(100),
    last_name varchar(100),
    created_at timestamp not null,
    updated_at timestamp not null
);

create table if not exists __schema__.connections (
    id uuid primary key,
    user_id uuid not null,
    institution_id varchar(100) not null,
    institution_name varchar(200) not null,
    access_token text not null,
    last_sync timestamp,
    status varchar(20) not null default 'ACTIVE' check (status in ('ACTIVE', 'EXPIRED', 'ERROR')),
    created_at timestamp not null
);
create index if not exists idx_connections_user_id on __schema__.connections (user_id);
create index if not exists idx_connections_status on __schema__.connections (status);
create index if not exists idx_connections_user_status on __schema__.connections (user_id, status);
create index if not exists idx_connections_user_institution on __schema__.connections (user_id, institution_id);

create table if not exists __schema__.transactions (
    id uuid primary key,
    user_id uuid not null,
    amount numeric(12, 2) not null check (amount >= 0),
    date date not null,
    description text not null,
    category varchar(50) not null,
    type varchar(10) not null check (type in ('INCOME', 'EXPENSE')),
    source varchar(20) not null check (source in ('MANUAL', 'API', 'FILE_IMPORT')),
    confidence_score numeric(3, 2) check (confidence_score is null or confidence_score between 0 and 1),
    connection_id uuid,
    created_at timestamp not null,
    updated_at timestamp not null,
    deleted_at timestamp
);
create index if not exists idx_transactions_user_id on __schema__.transactions (user_id);
create index if not exists idx_transactions_date on __schema__.transactions (date);
create index if not exists idx_transactions_category on __schema__.transactions (category);
create index if not exists idx_transactions_user_date on __schema__.transactions (user_id, date);
create index if not exists idx_transactions_user_category on __schema__.transactions (user_id, category);
create index if not exists idx_transactions_user_type on __schema__.transactions (user_id, type);
create index if not exists idx_transactions_deleted_at on __schema__.transactions (deleted_at);

create table if not exists __schema__.budgets (
    id uuid primary key,
    user_id uuid not null,
    name varchar(100) not null,
    period_start date not null,
    period_end date not null,
    allocations jsonb not null,
    created_at timestamp not null,
    updated_at timestamp not null
);
create index if not exists idx_budgets_user_id on __schema__.budgets (user_id);
create index if not exists idx_budgets_period_start on __schema__.budgets (period_start);
create index if not exists idx_budgets_period_end on __schema__.budgets (period_end);
create index if not exists idx_budgets_user_period on __schema__.budgets (user_id, period_start, period_end);

create table if not exists __schema__.financial_goals (
    id uuid primary key,
    user_id uuid not null,
    name varchar(100) not null,
    target_amount numeric(12, 2) not null check (target_amount > 0),
    current_amount numeric(12, 2) not null default 0 check (current_amount >= 0),
    deadline date,
    category varchar(50),
    status varchar(20) not null default 'ACTIVE' check (status in ('ACTIVE', 'ACHIEVED', 'ARCHIVED')),
    created_at timestamp not null,
    updated_at timestamp not null
);
create index if not exists idx_financial_goals_user_id on __schema__.financial_goals (user_id);
create index if not exists idx_financial_goals_status on __schema__.financial_goals (status);
create index if not exists idx_financial_goals_user_status on __schema__.financial_goals (user_id, status);
create index if not exists idx_financial_goals_user_deadline on __schema__.financial_goals (user_id, deadline);

create table if not exists __schema__.ml_models (
    id uuid primary key,
    model_type varchar(50) not null check (model_type in ('CATEGORIZATION', 'PREDICTION')),
    user_id uuid,
    version varchar(20) not null,
    accuracy float check (accuracy is null or accuracy between 0 and 1),
    "precision" float check ("precision" is null or "precision" between 0 and 1),
    recall float check (recall is null or recall between 0 and 1),
    trained_at timestamp not null,
    model_path varchar(500) not null,
    is_active boolean not null default true
);
create index if not exists idx_ml_models_model_type on __schema__.ml_models (model_type);
create index if not exists idx_ml_models_is_active on __schema__.ml_models (is_active);
create index if not exists idx_ml_models_type_active on __schema__.ml_models (model_type, is_active);
create index if not exists idx_ml_models_user_type on __schema__.ml_models (user_id, model_type);
create index if not exists idx_ml_models_user_type_active on __schema__.ml_models (user_id, model_type, is_active);

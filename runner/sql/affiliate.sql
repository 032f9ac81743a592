-- Source system `affiliate` (seed: medallion database schema): the base affiliate table,
-- the four bronze landing tables (raw JSON, range-partitioned by load_timestamp with a
-- default partition so that a load for any date lands somewhere), etl_status and audit_log.
-- Monthly partitions are added by `runner sources load-demo` for the months it loads
-- (runner.sources.ensure_bronze_partitions).
create schema if not exists __schema__;

create table if not exists __schema__.affiliate_accounts (
    affiliate_id text primary key,
    name text not null,
    email text not null,
    join_date timestamp not null,
    status text not null default 'active',
    metadata jsonb,
    created_at timestamp not null default now(),
    updated_at timestamp not null default now(),
    created_by text,
    updated_by text
);
create index if not exists idx_affiliate_status on __schema__.affiliate_accounts (status);

create table if not exists __schema__.bronze_customers (
    affiliate_id text not null,
    client_id text not null,
    data jsonb not null,
    load_timestamp timestamp not null,
    api_run_timestamp timestamp not null,
    source_file varchar(255) not null,
    load_status varchar(20) not null check (load_status in ('loaded', 'failed')),
    error_message text,
    retry_count int default 0,
    last_retry_timestamp timestamp,
    created_at timestamp default now(),
    updated_at timestamp default now(),
    primary key (affiliate_id, client_id, load_timestamp)
) partition by range (load_timestamp);
create table if not exists __schema__.bronze_customers_default
    partition of __schema__.bronze_customers default;
create index if not exists idx_bronze_customers_load_status on __schema__.bronze_customers (load_status);
create index if not exists idx_bronze_customers_api_run on __schema__.bronze_customers (api_run_timestamp);

create table if not exists __schema__.bronze_deposits (
    affiliate_id text not null,
    deposit_id text not null,
    data jsonb not null,
    load_timestamp timestamp not null,
    api_run_timestamp timestamp not null,
    source_file varchar(255) not null,
    load_status varchar(20) not null check (load_status in ('loaded', 'failed')),
    error_message text,
    retry_count int default 0,
    last_retry_timestamp timestamp,
    created_at timestamp default now(),
    updated_at timestamp default now(),
    primary key (affiliate_id, deposit_id, load_timestamp)
) partition by range (load_timestamp);
create table if not exists __schema__.bronze_deposits_default
    partition of __schema__.bronze_deposits default;
create index if not exists idx_bronze_deposits_load_status on __schema__.bronze_deposits (load_status);
create index if not exists idx_bronze_deposits_api_run on __schema__.bronze_deposits (api_run_timestamp);

create table if not exists __schema__.bronze_trades (
    affiliate_id text not null,
    trade_activity_id text not null,
    data jsonb not null,
    load_timestamp timestamp not null,
    api_run_timestamp timestamp not null,
    source_file varchar(255) not null,
    load_status varchar(20) not null check (load_status in ('loaded', 'failed')),
    error_message text,
    retry_count int default 0,
    last_retry_timestamp timestamp,
    created_at timestamp default now(),
    updated_at timestamp default now(),
    primary key (affiliate_id, trade_activity_id, load_timestamp)
) partition by range (load_timestamp);
create table if not exists __schema__.bronze_trades_default
    partition of __schema__.bronze_trades default;
create index if not exists idx_bronze_trades_load_status on __schema__.bronze_trades (load_status);
create index if not exists idx_bronze_trades_api_run on __schema__.bronze_trades (api_run_timestamp);

create table if not exists __schema__.bronze_assets (
    affiliate_id text not null,
    asset_id text not null,
    data jsonb not null,
    load_timestamp timestamp not null,
    api_run_timestamp timestamp not null,
    source_file varchar(255) not null,
    load_status varchar(20) not null check (load_status in ('loaded', 'failed')),
    error_message text,
    retry_count int default 0,
    last_retry_timestamp timestamp,
    created_at timestamp default now(),
    updated_at timestamp default now(),
    primary key (affiliate_id, asset_id, load_timestamp)
) partition by range (load_timestamp);
create table if not exists __schema__.bronze_assets_default
    partition of __schema__.bronze_assets default;
create index if not exists idx_bronze_assets_load_status on __schema__.bronze_assets (load_status);
create index if not exists idx_bronze_assets_api_run on __schema__.bronze_assets (api_run_timestamp);

create table if not exists __schema__.etl_status (
    table_name varchar(100) primary key,
    last_successful_load timestamp,
    last_attempted_load timestamp,
    load_status varchar(20) not null,
    error_message text,
    records_processed int,
    processing_time interval,
    created_at timestamp default now(),
    updated_at timestamp default now()
);
create index if not exists idx_etl_status_load_status on __schema__.etl_status (load_status);

create table if not exists __schema__.audit_log (
    audit_id bigserial primary key,
    table_name text not null,
    record_id text not null,
    action text not null check (action in ('INSERT', 'UPDATE', 'DELETE')),
    old_values jsonb,
    new_values jsonb,
    changed_by text not null,
    changed_at timestamp not null
);
create index if not exists idx_audit_table_record on __schema__.audit_log (table_name, record_id);
create index if not exists idx_audit_changed_at on __schema__.audit_log (changed_at);

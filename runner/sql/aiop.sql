-- Source system `aiop`: landed extracts of QuickBooks, HubSpot, Zoom, the case system, GA4
-- and the Softbase ERP for several organizations. One table per entity at the source's
-- natural grain; every row carries org_id and _loaded_at. Deleted or voided records stay
-- and are marked. Keys are (org_id, natural id).
create schema if not exists __schema__;

create table if not exists __schema__.organizations (
    id int primary key,
    name text,
    slug text unique,
    reporting_timezone text not null,
    _loaded_at timestamptz not null default now()
);

-- QuickBooks
create table if not exists __schema__.qb_accounts (
    org_id int not null,
    account_id text not null,
    name text,
    account_type text,
    is_active boolean,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, account_id)
);

create table if not exists __schema__.qb_journal_lines (
    org_id int not null,
    line_id text not null,
    txn_id text,
    txn_date date,
    account_id text,
    posting_type text,
    amount numeric(18, 2) check (amount >= 0),
    description text,
    is_voided boolean not null default false,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, line_id)
);
create index if not exists ix_qb_journal_lines_org_date on __schema__.qb_journal_lines (org_id, txn_date);

-- HubSpot
create table if not exists __schema__.hs_contacts (
    org_id int not null,
    contact_id bigint not null,
    created_at timestamptz,
    lifecycle_stage text,
    is_deleted boolean not null default false,
    merged_into_contact_id bigint,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, contact_id)
);

create table if not exists __schema__.hs_contact_lifecycle_history (
    org_id int not null,
    contact_id bigint not null,
    lifecycle_stage text,
    changed_at timestamptz not null,
    _loaded_at timestamptz not null default now()
);
create index if not exists ix_hs_contact_lifecycle_history_contact
    on __schema__.hs_contact_lifecycle_history (org_id, contact_id, changed_at);

create table if not exists __schema__.hs_deals (
    org_id int not null,
    deal_id bigint not null,
    created_at timestamptz,
    amount numeric(18, 2),
    pipeline text,
    deal_stage text,
    is_deleted boolean not null default false,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, deal_id)
);

create table if not exists __schema__.hs_deal_stage_history (
    org_id int not null,
    deal_id bigint not null,
    deal_stage text,
    entered_at timestamptz not null,
    _loaded_at timestamptz not null default now()
);
create index if not exists ix_hs_deal_stage_history_deal
    on __schema__.hs_deal_stage_history (org_id, deal_id, entered_at);

create table if not exists __schema__.hs_deal_stages (
    org_id int not null,
    pipeline text not null,
    deal_stage text not null,
    label text,
    display_order int,
    outcome text,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, pipeline, deal_stage)
);

-- Zoom
create table if not exists __schema__.zoom_users (
    org_id int not null,
    user_id text not null,
    created_at timestamptz,
    deactivated_at timestamptz,
    has_phone_license boolean not null default false,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, user_id)
);

create table if not exists __schema__.zoom_meetings (
    org_id int not null,
    meeting_uuid text not null,
    host_user_id text,
    start_time timestamptz,
    end_time timestamptz,
    participants_count int,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, meeting_uuid)
);

create table if not exists __schema__.zoom_phone_calls (
    org_id int not null,
    call_id text not null,
    direction text,
    result text,
    start_time timestamptz,
    duration_seconds int,
    queue_id text,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, call_id)
);

create table if not exists __schema__.zoom_call_queues (
    org_id int not null,
    queue_id text not null,
    name text,
    created_at timestamptz,
    deleted_at timestamptz,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, queue_id)
);

-- Case system (Azure SQL Case_Data_Summary_NOPHI)
create table if not exists __schema__.case_data_summary_nophi (
    org_id int not null,
    case_id text not null,
    case_type text,
    case_category text,
    case_status text,
    opened_at timestamptz,
    closed_at timestamptz,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, case_id)
);

-- GA4 (Data API daily reports) and app stores
create table if not exists __schema__.ga4_daily (
    org_id int not null,
    report_date date not null,
    active_users int,
    active_users_7d int,
    active_users_28d int,
    new_users int,
    sessions int,
    user_engagement_seconds numeric,
    screen_page_views int,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, report_date)
);

create table if not exists __schema__.ga4_screens_daily (
    org_id int not null,
    report_date date not null,
    screen_name text not null,
    screen_page_views int,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, report_date, screen_name)
);

create table if not exists __schema__.app_store_downloads_daily (
    org_id int not null,
    report_date date not null,
    store text not null,
    downloads int,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, report_date, store)
);

-- Softbase ERP
create table if not exists __schema__.sb_invoices (
    org_id int not null,
    invoice_id text not null,
    invoice_date date,
    department text,
    customer_id text,
    unit_id text,
    amount numeric(18, 2),
    status text,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, invoice_id)
);

create table if not exists __schema__.sb_work_orders (
    org_id int not null,
    work_order_id text not null,
    opened_at timestamptz,
    closed_at timestamptz,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, work_order_id)
);

create table if not exists __schema__.sb_rental_units (
    org_id int not null,
    unit_id text not null,
    equipment_type text,
    acquired_date date,
    disposed_date date,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, unit_id)
);

create table if not exists __schema__.sb_rental_contracts (
    org_id int not null,
    contract_id text not null,
    unit_id text,
    customer_id text,
    start_date date,
    end_date date,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, contract_id)
);

create table if not exists __schema__.sb_unit_maintenance (
    org_id int not null,
    unit_id text not null,
    start_date date not null,
    end_date date,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, unit_id, start_date)
);

create table if not exists __schema__.sb_gl_accounts (
    org_id int not null,
    account_no text not null,
    name text,
    category text,
    _loaded_at timestamptz not null default now(),
    primary key (org_id, account_no)
);

create table if not exists __schema__.sb_gl_entries (
    org_id int not null,
    entry_id text not null,
    posting_date date,
    account_no text,
    debit numeric(18, 2),
    credit numeric(18, 2),
    _loaded_at timestamptz not null default now(),
    primary key (org_id, entry_id)
);
create index if not exists ix_sb_gl_entries_org_date on __schema__.sb_gl_entries (org_id, posting_date);

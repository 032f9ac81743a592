-- Source system `spendsense` (seed: SpendSense ERD v1.0). Enums are text with check
-- constraints; indexes carry the seed's names. Foreign keys (cascade, and SET NULL for
-- approved_by / rejected_by) are documented in the dbt source YAML, not created here.
create schema if not exists __schema__;

create table if not exists __schema__.users (
    user_id uuid primary key,
    email text,
    phone_number text,
    password_hash text,
    oauth_providers jsonb default '{}'::jsonb,
    role text not null default 'user' check (role in ('user', 'operator', 'admin')),
    consent_status boolean not null default false,
    consent_version text default '1.0',
    created_at timestamptz not null default now(),
    updated_at timestamptz,
    constraint check_users_identity check (
        email is not null
        or phone_number is not null
        or (oauth_providers is not null and oauth_providers <> '{}'::jsonb)
    )
);
create unique index if not exists ix_users_email on __schema__.users (email);
create unique index if not exists ix_users_phone_number on __schema__.users (phone_number);

create table if not exists __schema__.sessions (
    session_id uuid primary key,
    user_id uuid not null,
    refresh_token varchar(1000) not null,
    expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    last_used_at timestamptz
);
create index if not exists ix_sessions_user_id on __schema__.sessions (user_id);
create unique index if not exists ix_sessions_refresh_token on __schema__.sessions (refresh_token);
create index if not exists ix_sessions_expires_at on __schema__.sessions (expires_at);

create table if not exists __schema__.data_uploads (
    upload_id uuid primary key,
    user_id uuid not null,
    file_name text not null,
    file_size int,
    file_type text not null check (file_type in ('json', 'csv')),
    s3_key text,
    s3_bucket text,
    status text not null default 'pending'
        check (status in ('pending', 'processing', 'completed', 'failed')),
    validation_errors jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz,
    processed_at timestamptz
);
create index if not exists ix_data_uploads_user_id on __schema__.data_uploads (user_id);
create index if not exists ix_data_uploads_status on __schema__.data_uploads (status);
create index if not exists ix_data_uploads_created_at on __schema__.data_uploads (created_at);
create index if not exists ix_data_uploads_user_id_status on __schema__.data_uploads (user_id, status);

create table if not exists __schema__.recommendations (
    recommendation_id uuid primary key,
    user_id uuid not null,
    type text not null check (type in ('education', 'partner_offer')),
    title text not null,
    content text,
    rationale text,
    status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
    decision_trace jsonb,
    created_at timestamptz not null default now(),
    approved_at timestamptz,
    approved_by uuid,
    rejected_at timestamptz,
    rejected_by uuid,
    rejection_reason text
);
create index if not exists ix_recommendations_user_id on __schema__.recommendations (user_id);
create index if not exists ix_recommendations_status on __schema__.recommendations (status);
create index if not exists ix_recommendations_created_at on __schema__.recommendations (created_at);
create index if not exists ix_recommendations_approved_at on __schema__.recommendations (approved_at);
create index if not exists ix_recommendations_user_id_status on __schema__.recommendations (user_id, status);

create table if not exists __schema__.user_profiles (
    profile_id uuid primary key,
    user_id uuid not null,
    persona_id int constraint check_persona_id_range check (persona_id >= 1 and persona_id <= 5),
    persona_name text,
    signals_30d jsonb,
    signals_180d jsonb,
    updated_at timestamptz not null default now()
);
create unique index if not exists ix_user_profiles_user_id on __schema__.user_profiles (user_id);
create index if not exists ix_user_profiles_persona_id on __schema__.user_profiles (persona_id);

create table if not exists __schema__.persona_history (
    history_id uuid primary key,
    user_id uuid not null,
    persona_id int not null,
    persona_name text,
    assigned_at timestamptz not null,
    signals jsonb
);
create index if not exists ix_persona_history_user_id on __schema__.persona_history (user_id);
create index if not exists ix_persona_history_assigned_at on __schema__.persona_history (assigned_at);
create index if not exists ix_persona_history_user_id_assigned_at
    on __schema__.persona_history (user_id, assigned_at);

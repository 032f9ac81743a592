-- The unified transaction stream: every l1 fact (its user resolved through the token) and
-- every legacy transaction that no l1 fact names in legacy_transaction_id, so each
-- transaction counts once. A fact whose token resolves to no user keeps user_id NULL and
-- is_orphan true: it stays here, counted by a warn-level test, and no per-user mart counts it.
--
-- Incremental: a build reads only facts and legacy rows added since the last one (their
-- ids only grow), plus the rows still orphaned (their token or user may have arrived since)
-- and the copies whose legacy original arrived since (landed tables can arrive out of order),
-- and the post-hook drops legacy rows that a fact copied in this build stands for. A copy keeps
-- the upload time of its legacy original, so superseding never moves an upload to another
-- day. Sources are append-only; a correction made in place needs --full-refresh.
{{
    config(
        materialized='incremental',
        meta={'written_rows': {'column': 'loaded_at'}},
        unique_key='transaction_key',
        incremental_strategy='delete+insert',
        post_hook=["{{ delete_rows(this, app_superseded_legacy_rows(this)) }}"]
    )
}}

with

-- the source CTEs are read several times: not_materialized() (PostgreSQL's NOT MATERIALIZED)
-- lets each use keep its own filters and indexes instead of a full copy of the source on disk
facts as {{ not_materialized() }} (

    select * from {{ ref('stg_app__l1_transaction_facts') }}

),

legacy as {{ not_materialized() }} (

    select * from {{ ref('stg_app__transactions') }}

),

tokens as {{ not_materialized() }} (

    select * from {{ ref('stg_app__l0_user_tokenization') }}

),

users as {{ not_materialized() }} (

    select user_id from {{ ref('stg_app__users') }}

),

{% if is_incremental() %}

watermarks as (

    -- a small overlap (var incremental_id_overlap): a writer can commit a lower id late
    -- each max is read from the (source_table, source_id) index
    select
        coalesce((
            select max(built.source_id) from {{ this }} as built
            where built.source_table = 'l1_transaction_facts'
        ), 0) - {{ var('incremental_id_overlap', 1000) }} as fact_id,
        coalesce((
            select max(built.source_id) from {{ this }} as built
            where built.source_table = 'transactions'
        ), 0) - {{ var('incremental_id_overlap', 1000) }} as transaction_id

),

still_orphaned as (

    select
        source_table,
        source_id
    from {{ this }}
    where is_orphan

),

{% endif %}

{% if is_incremental() %}

wanted_facts as (

    -- one indexed read per reason (an OR of them would scan every fact)
    select added.fact_id
    from facts as added
    cross join watermarks
    where added.fact_id > watermarks.fact_id
    union
    select still_orphaned.source_id
    from still_orphaned
    where still_orphaned.source_table = 'l1_transaction_facts'
    union
    -- a copy whose legacy original arrived since: its upload time is the original's
    select copies.fact_id
    from facts as copies
    cross join watermarks
    where copies.legacy_transaction_id > watermarks.transaction_id

),

wanted_legacy as (

    select added.transaction_id
    from legacy as added
    cross join watermarks
    where added.transaction_id > watermarks.transaction_id
    union
    select still_orphaned.source_id
    from still_orphaned
    where still_orphaned.source_table = 'transactions'

),

{% endif %}

new_facts as (

    select facts.*
    from facts
    {% if is_incremental() %}
    inner join wanted_facts
        on facts.fact_id = wanted_facts.fact_id
    {% endif %}

),

new_legacy as (

    select legacy.*
    from legacy
    {% if is_incremental() %}
    inner join wanted_legacy
        on legacy.transaction_id = wanted_legacy.transaction_id
    {% endif %}

),

from_l1 as (

    select
        'l1:' || new_facts.fact_id as transaction_key,
        'l1_transaction_facts' as source_table,
        new_facts.fact_id as source_id,
        tokens.user_id,
        new_facts.transaction_date,
        new_facts.amount,
        new_facts.cashflow,
        new_facts.bank_account,
        new_facts.upload_session_id,
        coalesce(least(new_facts.created_at, originals.created_at), new_facts.created_at) as created_at,
        new_facts.legacy_transaction_id as copied_from_id
    from new_facts
    left join tokens
        on new_facts.tokenized_user_id = tokens.tokenized_user_id
    left join legacy as originals
        on new_facts.legacy_transaction_id = originals.transaction_id

),

from_legacy as (

    select
        'legacy:' || new_legacy.transaction_id as transaction_key,
        'transactions' as source_table,
        new_legacy.transaction_id as source_id,
        new_legacy.user_id,
        new_legacy.transaction_date,
        new_legacy.amount,
        new_legacy.cashflow,
        new_legacy.bank_account,
        new_legacy.upload_session_id,
        new_legacy.created_at,
        null::integer as copied_from_id
    from new_legacy
    where not exists (
        select 1 from facts
        where facts.legacy_transaction_id = new_legacy.transaction_id
    )

),

unioned as (

    select * from from_l1
    union all
    select * from from_legacy

),

{% if is_incremental() %}

replaced as (

    -- the row each new one replaces: its own earlier version, or the legacy row it copies
    -- (dropped by the post-hook); the activity and the marts recompute where it was
    select
        unioned.transaction_key,
        case when previous.transaction_key is not null then previous.is_orphan else superseded.is_orphan end
            as is_orphan,
        case when previous.transaction_key is not null then previous.user_id else superseded.user_id end as user_id,
        case
            when previous.transaction_key is not null then previous.transaction_date else superseded.transaction_date
        end as transaction_date,
        case when previous.transaction_key is not null then previous.created_at else superseded.created_at end
            as created_at,
        case
            when previous.transaction_key is not null then previous.upload_session_id else superseded.upload_session_id
        end as upload_session_id,
        case when previous.transaction_key is not null then previous.bank_account else superseded.bank_account end
            as bank_account
    from unioned
    left join {{ this }} as previous
        on unioned.transaction_key = previous.transaction_key
    left join {{ this }} as superseded
        on
        superseded.source_table = 'transactions'
        and unioned.copied_from_id = superseded.source_id
    where previous.transaction_key is not null or superseded.transaction_key is not null

),

{% else %}

replaced as (

    -- a full build replaces nothing
    select
        null::{{ dbt.type_string() }} as transaction_key,
        null::boolean as is_orphan,
        null::integer as user_id,
        null::date as transaction_date,
        null::{{ type_timestamptz() }} as created_at,
        null::{{ dbt.type_string() }} as upload_session_id,
        null::{{ dbt.type_string() }} as bank_account
    where false

),

{% endif %}

final as (

    select
        unioned.transaction_key,
        unioned.source_table,
        unioned.source_id,
        unioned.user_id,
        unioned.transaction_date,
        unioned.amount,
        unioned.cashflow,
        unioned.bank_account,
        unioned.upload_session_id,
        unioned.created_at,
        users.user_id is null as is_orphan,
        case when not replaced.is_orphan then replaced.user_id end as replaced_user_id,
        replaced.transaction_date as replaced_transaction_date,
        replaced.created_at as replaced_created_at,
        coalesce(
            replaced.is_orphan and users.user_id is null
            or (
                not replaced.is_orphan
                and users.user_id is not null
                and replaced.user_id = unioned.user_id
                and replaced.transaction_date = unioned.transaction_date
                and replaced.created_at is not distinct from unioned.created_at
                and replaced.upload_session_id is not distinct from unioned.upload_session_id
                and replaced.bank_account is not distinct from unioned.bank_account
            ),
            false
        ) as replaces_unchanged,
        {{ build_started_at() }} as loaded_at
    from unioned
    left join users
        on unioned.user_id = users.user_id
    left join replaced
        on unioned.transaction_key = replaced.transaction_key

)

select * from final

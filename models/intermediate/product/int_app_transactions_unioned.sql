-- The unified transaction stream: every l1 fact (its user resolved through the token) and
-- every legacy transaction that no l1 fact names in legacy_transaction_id, so each
-- transaction counts once. A fact whose token resolves to no user keeps user_id NULL and
-- is_orphan true: it stays here, counted by a warn-level test, and no per-user mart counts it.
{{ config(materialized='table') }}

with

facts as (

    select * from {{ ref('stg_app__l1_transaction_facts') }}

),

legacy as (

    select * from {{ ref('stg_app__transactions') }}

),

tokens as (

    select * from {{ ref('stg_app__l0_user_tokenization') }}

),

users as (

    select user_id from {{ ref('stg_app__users') }}

),

copied as (

    select distinct facts.legacy_transaction_id
    from facts
    where facts.legacy_transaction_id is not null

),

from_l1 as (

    select
        'l1:' || facts.fact_id as transaction_key,
        'l1_transaction_facts' as source_table,
        tokens.user_id,
        facts.transaction_date,
        facts.amount,
        facts.cashflow,
        facts.bank_account,
        facts.upload_session_id,
        facts.created_at
    from facts
    left join tokens
        on facts.tokenized_user_id = tokens.tokenized_user_id

),

from_legacy as (

    select
        'legacy:' || legacy.transaction_id as transaction_key,
        'transactions' as source_table,
        legacy.user_id,
        legacy.transaction_date,
        legacy.amount,
        legacy.cashflow,
        legacy.bank_account,
        legacy.upload_session_id,
        legacy.created_at
    from legacy
    left join copied
        on legacy.transaction_id = copied.legacy_transaction_id
    where copied.legacy_transaction_id is null

),

unioned as (

    select * from from_l1
    union all
    select * from from_legacy

),

final as (

    select
        unioned.*,
        users.user_id is null as is_orphan
    from unioned
    left join users
        on unioned.user_id = users.user_id

)

select * from final

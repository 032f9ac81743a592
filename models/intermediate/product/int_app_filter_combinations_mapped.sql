-- The dashboard filters as a map from user groups to filter combinations. Every user is in
-- exactly one group (email_validated, intent_category); a group belongs to (all_accounts,
-- all) and (all_accounts, <its intent>), and a validated group also to (validated_emails,
-- all) and (validated_emails, <its intent>). Because groups never share a user, the number
-- of users in a combination is exactly the sum of its groups' user counts; what users can
-- share (a bank, an upload session) is counted distinct per combination instead.
with

users as (

    select * from {{ ref('int_app_users_enriched') }}

),

groups as (

    select distinct
        email_validated,
        intent_category as user_intent_category
    from users

),

account_filters as (

    select
        groups.email_validated,
        groups.user_intent_category,
        'all_accounts' as account_filter
    from groups
    union all
    select
        groups.email_validated,
        groups.user_intent_category,
        'validated_emails' as account_filter
    from groups
    where groups.email_validated

),

-- each filter twice: all intents, and the group's own
intent_scopes as (

    select 'all' as scope
    union all
    select 'own' as scope

),

final as (

    select
        account_filters.email_validated,
        account_filters.user_intent_category,
        account_filters.account_filter,
        case
            when intents.scope = 'all' then 'all' else account_filters.user_intent_category
        end as intent_category
    from account_filters
    cross join intent_scopes as intents

)

select * from final

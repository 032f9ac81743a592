{#-
    The first activity_date that an incremental build of fct_active_users_daily recomputes,
    as a SQL date expression (a scalar subquery). Every day from it to as_of_date is
    recomputed (replace_from); earlier days are kept. It is the earliest of:
      - the first login day among the activity rows written since the mart's last build
        (late events, users who arrived after their events): a login on day d changes the
        7- and 28-day counts of the days d .. d + 27, all on or after d;
      - the day after the earlier of the last build's as_of_date and this one (new days; a
        smaller as_of_date removes the days after it);
      - the first login day of the users whose signup lies between the two as_of_dates
        (they join or leave the counts);
    and the first date (everything) when nothing is recorded about the last build, or the
    first date or the set of filter combinations moved (a signup before every other, a
    combination that gains its first member or loses its last).
-#}
{% macro active_users_recompute_from() -%}
    {%- set activity = ref('int_app_user_activity_daily') -%}
    {%- set users = ref('int_app_users_enriched') -%}
    {%- set filter_map = ref('int_app_filter_combinations_mapped') -%}
(
    with

    last_build as (

        select
            {{ product_last_build('built_at') }} as built_at,
            {{ product_last_build('as_of_date') }} as as_of_date

    ),

    members as (

        select
            members.signup_date,
            members.email_validated,
            members.intent_category
        from {{ users }} as members
        where members.signup_date <= {{ as_of_date() }}

    ),

    member_groups as (

        select distinct
            members.email_validated,
            members.intent_category
        from members

    ),

    current_combinations as (

        select distinct
            filters.account_filter,
            filters.intent_category
        from {{ filter_map }} as filters
        inner join member_groups as user_groups
            on
            filters.email_validated = user_groups.email_validated
            and filters.user_intent_category = user_groups.intent_category

    ),

    built_combinations as (

        select distinct
            built.account_filter,
            built.intent_category
        from {{ this }} as built

    ),

    moved_combinations as (

        -- a combination that gained its first member or lost its last
        select count(*) as moved
        from current_combinations
        full outer join built_combinations
            on
            current_combinations.account_filter = built_combinations.account_filter
            and current_combinations.intent_category = built_combinations.intent_category
        where current_combinations.account_filter is null or built_combinations.account_filter is null

    ),

    bounds as {{ not_materialized() }} (

        select
            (select min(members.signup_date) from members) as first_date,
            (select min(built.activity_date) from {{ this }} as built) as built_first_date,
            (select moved_combinations.moved from moved_combinations) as moved_combinations,
            last_build.built_at,
            last_build.as_of_date as built_as_of_date,
            least(last_build.as_of_date, {{ as_of_date() }}) as low_as_of_date,
            greatest(last_build.as_of_date, {{ as_of_date() }}) as high_as_of_date
        from last_build

    ),

    written as (

        -- the first login day among the activity rows written since the last build
        select min(written.activity_date) as first_day
        from {{ activity }} as written
        cross join bounds
        where written.loaded_at > bounds.built_at and written.has_login

    ),

    moved_members as (

        -- the first login day of the users whose signup lies between the two as_of_dates
        select min(moved.activity_date) as first_day
        from {{ activity }} as moved
        inner join {{ users }} as moved_users
            on moved.user_id = moved_users.user_id
        cross join bounds
        where
            moved.has_login
            and moved_users.signup_date > bounds.low_as_of_date
            and moved_users.signup_date <= bounds.high_as_of_date

    )

    select
        case
            when
                bounds.built_at is null
                or bounds.built_as_of_date is null
                or bounds.built_first_date is null
                or bounds.built_first_date != bounds.first_date
                or bounds.moved_combinations > 0
                then bounds.first_date
            else least(bounds.low_as_of_date + 1, written.first_day, moved_members.first_day)
        end as recompute_from
    from bounds
    cross join written
    cross join moved_members
)
{%- endmacro %}

-- One row per bank connection (never its access token). Hours since sync are measured to
-- the end of as_of_date in the reporting time zone. A connection is stale when it is ACTIVE
-- and has not synced for over 24 hours by then; one that never synced is stale once it
-- is over 24 hours old.
with

connections as (

    select
        connection_id,
        user_id,
        institution_id,
        institution_name,
        status,
        last_sync_at,
        created_at
    from {{ ref('stg_finance__connections') }}

),

transactions as (

    select connection_id
    from {{ ref('stg_finance__transactions') }}
    where connection_id is not null

),

synced_per_connection as (

    select
        connection_id,
        count(*) as transactions_synced
    from transactions
    group by connection_id

),

measured as (

    select
        connections.connection_id,
        connections.user_id,
        connections.institution_id,
        connections.institution_name,
        connections.status,
        connections.last_sync_at,
        connections.created_at,
        {{ seconds_between('connections.last_sync_at', end_of_as_of_date()) }} as seconds_since_sync,
        {{ seconds_between('coalesce(connections.last_sync_at, connections.created_at)', end_of_as_of_date()) }}
            as seconds_without_sync,
        coalesce(synced_per_connection.transactions_synced, 0) as transactions_synced
    from connections
    left join synced_per_connection on connections.connection_id = synced_per_connection.connection_id

),

final as (

    select
        connection_id,
        user_id,
        institution_id,
        institution_name,
        status,
        last_sync_at as last_sync,
        cast({{ divide_round('seconds_since_sync', 3600, 6) }} as numeric(18, 6)) as hours_since_sync,
        -- more than 24 hours (86,400 seconds) without a sync
        status = 'ACTIVE' and seconds_without_sync > 86400 as is_stale,
        transactions_synced,
        created_at
    from measured

)

select * from final

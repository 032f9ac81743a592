{#-
    Which tenant rows a login may read, decided by the database from who the login is.

    `tenant_access.tenant_grants` holds one row per (role, tenant kind, tenant id); only the
    build user (its owner) and superusers can read or write it, and `runner access grant`
    and `revoke` are its front door. `tenant_access.granted_tenants(kind, member)` returns
    the tenant ids granted to `member` or to any role it is a member of. It runs as its
    owner (SECURITY DEFINER) so that readers need no privilege on the table, and it answers
    only for a role that the session's own login is a member of: a reader cannot ask what
    another login may see, and `set role` can only narrow what it sees (a role the login
    can become is one of the login's own roles). No session setting is read anywhere.

    Every tenant mart calls it through apply_row_security (see there). `bi_admin` members see
    every tenant through a policy of their own (`runner access grant LOGIN --all`).
-#}
{% macro ensure_tenant_access() -%}
    {{ return(adapter.dispatch('ensure_tenant_access')()) }}
{%- endmacro %}

{#- the grants table serves PostgreSQL's row-level security only -#}
{% macro default__ensure_tenant_access() -%}{%- endmacro %}


{% macro postgres__ensure_tenant_access() -%}
    do $runner_tenant_access$
    declare
        function_owner oid;
    begin
        create schema if not exists tenant_access;
        create table if not exists tenant_access.tenant_grants (
            grantee oid not null,
            tenant_kind text not null check (tenant_kind in ('org', 'affiliate')),
            tenant_id text not null check (tenant_id <> ''),
            granted_at timestamptz not null default now(),
            granted_by name not null default current_user,
            primary key (grantee, tenant_kind, tenant_id)
        );
        comment on table tenant_access.tenant_grants is
            'Which tenant rows a role may read in the tenant marts (runner access grant/revoke/list).';

        select proowner into function_owner from pg_proc
        where oid = to_regprocedure('tenant_access.granted_tenants(text,name)');
        if function_owner is null or pg_has_role(current_user, function_owner, 'MEMBER') then
            create or replace function tenant_access.granted_tenants(kind text, member name)
            returns text[]
            language sql
            stable
            security definer
            set search_path = pg_catalog, pg_temp
            as $granted$
                select coalesce(array_agg(distinct grants.tenant_id), '{}')
                from tenant_access.tenant_grants as grants
                where grants.tenant_kind = kind
                    and pg_has_role(session_user, member, 'MEMBER')
                    and grants.grantee in (
                        select roles.oid from pg_roles as roles
                        where pg_has_role(member, roles.oid, 'MEMBER')
                    )
            $granted$;
        end if;

        revoke all on schema tenant_access from public;
        revoke all on tenant_access.tenant_grants from public;
        revoke all on function tenant_access.granted_tenants(text, name) from public;
        grant usage on schema tenant_access to bi_reader;
        grant execute on function tenant_access.granted_tenants(text, name) to bi_reader;
    end
    $runner_tenant_access$
{%- endmacro %}

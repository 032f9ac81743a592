"""`runner sources init` and `runner sources load-demo`."""

from __future__ import annotations

import psycopg
import pytest

from conftest import cli

SCHEMAS = ["app", "spendsense", "finance", "aiop", "affiliate"]


def _catalog(sql) -> dict:
    """Everything `sources init` creates: columns, defaults, constraints, indexes, partitions."""
    return {
        "columns": sql(
            "select table_schema, table_name, column_name, data_type, column_default, is_nullable"
            " from information_schema.columns where table_schema = any(%s) order by 1, 2, 3",
            (SCHEMAS,),
        ),
        "constraints": sql(
            "select n.nspname, c.conname, pg_get_constraintdef(c.oid) from pg_constraint as c"
            " join pg_namespace as n on n.oid = c.connamespace where n.nspname = any(%s) order by 1, 2, 3",
            (SCHEMAS,),
        ),
        "indexes": sql(
            "select schemaname, indexname, indexdef from pg_indexes where schemaname = any(%s) order by 1, 2",
            (SCHEMAS,),
        ),
        "partitions": sql(
            "select parent.relname, child.relname from pg_inherits as i"
            " join pg_class as parent on parent.oid = i.inhparent join pg_class as child on child.oid = i.inhrelid"
            " join pg_namespace as n on n.oid = parent.relnamespace where n.nspname = 'affiliate' order by 1, 2",
        ),
    }


def test_sources_init_creates_every_table_and_a_second_run_changes_nothing(warehouse, sql):
    first = cli("sources", "init")
    assert first.exit_code == 0, first.output
    tables = dict(sql(
        "select n.nspname, count(*) from pg_class as c join pg_namespace as n on n.oid = c.relnamespace"
        " where n.nspname = any(%s) and c.relkind in ('r', 'p')"
        " and (not c.relispartition or c.relname like '%%\\_default')"  # monthly partitions come with loads
        " group by 1",
        (SCHEMAS,),
    ))
    # app 7; spendsense 6; finance 6; aiop 23 (1 + 2 QuickBooks + 5 HubSpot + 4 Zoom + 1 case + 3 GA4 + 7 Softbase); affiliate 3 + 4 bronze parents + 4 default partitions
    assert tables == {"app": 7, "spendsense": 6, "finance": 6, "aiop": 23, "affiliate": 11}
    sql("insert into app.users (id, email, created_at) values (999001, 'keep@example.com', now())")
    before = _catalog(sql)
    second = cli("sources", "init")
    assert second.exit_code == 0
    assert "nothing changed" in second.output
    assert _catalog(sql) == before
    assert sql("select count(*) from app.users where id = 999001") == [(1,)]  # never drops data
    sql("delete from app.users where id = 999001")


def test_source_tables_carry_the_seeds_constraints_and_partitioning(warehouse, sql):
    cli("sources", "init")
    kinds = dict(sql(
        "select relname, relkind::text from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = 'affiliate' and relname like 'bronze_%%'"
    ))
    assert {kinds[t] for t in ("bronze_customers", "bronze_deposits", "bronze_trades", "bronze_assets")} == {"p"}
    # a load for any date lands somewhere (the default partition), never fails
    sql(
        "insert into affiliate.bronze_deposits (affiliate_id, deposit_id, data, load_timestamp,"
        " api_run_timestamp, source_file, load_status) values ('a1', 'd1', '{}', '2099-01-01', now(), 'f', 'loaded')"
    )
    assert sql("select tableoid::regclass::text from affiliate.bronze_deposits where deposit_id = 'd1'") == [
        ("affiliate.bronze_deposits_default",)
    ]
    sql("delete from affiliate.bronze_deposits where deposit_id = 'd1'")
    with pytest.raises(psycopg.errors.CheckViolation):
        sql("insert into spendsense.users (user_id, email, role) values (gen_random_uuid(), 'x@example.com', 'root')")
    with pytest.raises(psycopg.errors.CheckViolation):
        sql(
            "insert into finance.transactions (id, user_id, amount, date, description, category, type, source,"
            " created_at, updated_at) values (gen_random_uuid(), gen_random_uuid(), -1, current_date, 'x', 'c',"
            " 'EXPENSE', 'MANUAL', now(), now())"
        )
    defaults = dict(sql(
        "select column_name, column_default from information_schema.columns"
        " where table_schema = 'app' and table_name = 'users'"
    ))
    assert defaults["is_active"] == "true" and defaults["email_validated"] == "false"
    assert sql("select indexname from pg_indexes where schemaname = 'spendsense' and indexname = 'ix_persona_history_user_id_assigned_at'")


def _checksums(sql) -> dict:
    tables = sql(
        "select table_schema, table_name from information_schema.tables"
        " where table_schema = any(%s) and table_type = 'BASE TABLE' order by 1, 2",
        (SCHEMAS,),
    )
    sums = {}
    for schema, table in tables:
        sums[f"{schema}.{table}"] = sql(f'select md5(coalesce(string_agg(t::text, \'|\' order by t::text), \'\')) from "{schema}"."{table}" as t')[0][0]
    return sums


def test_load_demo_is_deterministic_for_a_seed(warehouse, sql):
    first = cli("sources", "load-demo", "--scale", "300", "--seed", "7")
    assert first.exit_code == 0, first.output
    assert sql("select count(*) from app.users") == [(300,)]
    one = _checksums(sql)
    assert cli("sources", "load-demo", "--scale", "300", "--seed", "7").exit_code == 0
    assert _checksums(sql) == one
    assert cli("sources", "load-demo", "--scale", "300", "--seed", "8").exit_code == 0
    assert _checksums(sql)["app.users"] != one["app.users"]


def test_load_demo_rejects_an_unknown_scale():
    result = cli("sources", "load-demo", "--scale", "huge")
    assert result.exit_code == 2
    assert "unknown scale 'huge'" in result.stderr and "Traceback" not in result.output

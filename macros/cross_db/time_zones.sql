{#-
    The time zones the engine knows (IANA names and their aliases), as a FROM item with a
    `name` column: `from {{ time_zone_names() }} as known_zones`. A name outside it would
    make every local date of a row fail, so a model can fall back before it does.
-#}
{% macro time_zone_names() -%}
    {{ return(adapter.dispatch('time_zone_names')()) }}
{%- endmacro %}
{% macro postgres__time_zone_names() -%}
    pg_catalog.pg_timezone_names
{%- endmacro %}
{#-
    DuckDB's ICU knows every name of PostgreSQL's list plus legacy ICU/Java ids that
    PostgreSQL does not (`PST`, `IST`, `SystemV/...`): they are left out, so that the same
    name is known, or falls back, on both engines.
-#}
{% macro duckdb__time_zone_names() -%}
    (
        select icu_zones.name
        from pg_timezone_names() as icu_zones
        where
            icu_zones.name not like 'SystemV/%'
            and icu_zones.name not in (
                'ACT', 'AET', 'AGT', 'ART', 'AST', 'BET', 'BST', 'CAT', 'CNT', 'CST', 'CTT', 'EAT', 'ECT',
                'IET', 'IST', 'JST', 'MIT', 'NET', 'NST', 'PLT', 'PNT', 'PRT', 'PST', 'SST', 'VST',
                'Canada/East-Saskatchewan', 'US/Pacific-New'
            )
    )
{%- endmacro %}

{#- Spark lists no zones: the IANA names (pytz) less the legacy ids PostgreSQL does not know. -#}
{% macro spark__time_zone_names() -%}
    (
        select explode(array(
            {%- for zone in modules.pytz.all_timezones if not zone.startswith('SystemV/') and zone not in ['US/Pacific-New', 'Canada/East-Saskatchewan'] %}
            '{{ zone }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )) as name
    )
{%- endmacro %}

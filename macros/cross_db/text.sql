{#- Whether a text matches a POSIX regular expression anywhere (PostgreSQL's `~`). -#}
{% macro regex_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches')(expr, pattern)) }}
{%- endmacro %}
{% macro postgres__regex_matches(expr, pattern) -%}
    (({{ expr }}) ~ {{ pattern }})
{%- endmacro %}
{% macro duckdb__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }})
{%- endmacro %}

{#- Each word's first letter upper case, the rest lower case (a word: a run of letters and digits). -#}
{% macro initcap(expr) -%}
    {{ return(adapter.dispatch('initcap')(expr)) }}
{%- endmacro %}
{% macro postgres__initcap(expr) -%}
    initcap({{ expr }})
{%- endmacro %}
{% macro duckdb__initcap(expr) -%}
    (case when ({{ expr }}) is not null then array_to_string(list_transform(
        range(1, length({{ expr }}) + 1),
        position -> case
            when position = 1 or not regexp_matches(substr({{ expr }}, position - 1, 1), '[[:alnum:]]')
                then upper(substr({{ expr }}, position, 1))
            else lower(substr({{ expr }}, position, 1))
        end
    ), '') end)
{%- endmacro %}

{#- Spark: Java regular expressions; the patterns the models use mean the same in both. -#}
{% macro spark__regex_matches(expr, pattern) -%}
    (({{ expr }}) rlike {{ pattern }})
{%- endmacro %}

{% macro spark__initcap(expr) -%}
    (case
        when ({{ expr }}) is null then null
        when ({{ expr }}) = '' then ''
        else concat_ws('', transform(
            sequence(1, length({{ expr }})),
            position -> case
                when position = 1 or not (substr({{ expr }}, position - 1, 1) rlike '[\\p{L}\\p{N}]')
                    then upper(substr({{ expr }}, position, 1))
                else lower(substr({{ expr }}, position, 1))
            end
        ))
    end)
{%- endmacro %}

{#- A text compared byte by byte (PostgreSQL's COLLATE "C"): the same order on every engine. -#}
{% macro byte_order(expr) -%}
    {{ return(adapter.dispatch('byte_order')(expr)) }}
{%- endmacro %}

{% macro default__byte_order(expr) -%}
    {{ expr }} collate "C"
{%- endmacro %}

{#- Spark's default collation (UTF8_BINARY) already compares bytes. -#}
{% macro spark__byte_order(expr) -%}
    {{ expr }}
{%- endmacro %}

{#-
    A hash of a row's values (the named columns), to tell a changed row from an unchanged one
    of the same engine: md5 of PostgreSQL's row text; on Spark, of the row as JSON.
-#}
{% macro row_fingerprint(columns) -%}
    {{ return(adapter.dispatch('row_fingerprint')(columns)) }}
{%- endmacro %}

{% macro default__row_fingerprint(columns) -%}
    {{ dbt.hash('row(' ~ (columns | join(', ')) ~ ')') }}
{%- endmacro %}

{% macro spark__row_fingerprint(columns) -%}
    md5(to_json(named_struct(
        {%- for column in columns %}
        '{{ column }}', {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    ), map('ignoreNullFields', 'false')))
{%- endmacro %}

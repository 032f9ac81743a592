{#-
    The inputs an incremental model depends on, found by walking its upstream graph through
    views, ephemeral models and tables down to what holds data of its own: a dict of
    input name -> {kind, relation, checksum}, where kind is `source` (a source table),
    `seed` (its file checksum stands for its content) or `model` (another incremental model
    or a snapshot: its table, which a full rebuild replaces).
-#}
{% macro incremental_inputs(unique_id) -%}
    {%- set found = {} -%}
    {%- set seen = {} -%}
    {%- set node = graph.nodes.get(unique_id) -%}
    {%- for parent in (node.depends_on.nodes if node else []) -%}
        {%- do _collect_incremental_inputs(parent, found, seen) -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}


{% macro _collect_incremental_inputs(unique_id, found, seen) -%}
    {%- if unique_id not in seen -%}
        {%- do seen.update({unique_id: true}) -%}
        {%- if unique_id in graph.sources -%}
            {%- set source_node = graph.sources[unique_id] -%}
            {%- set relation = api.Relation.create(
                database=source_node.database, schema=source_node.schema, identifier=source_node.identifier) -%}
            {%- do found.update({source_node.source_name ~ '.' ~ source_node.name: {
                'kind': 'source', 'relation': relation | string, 'checksum': none}}) -%}
        {%- elif unique_id in graph.nodes -%}
            {%- set upstream = graph.nodes[unique_id] -%}
            {%- if upstream.resource_type == 'seed' -%}
                {%- do found.update({upstream.name: {
                    'kind': 'seed', 'relation': none, 'checksum': upstream.checksum.checksum}}) -%}
            {%- elif upstream.resource_type == 'snapshot' or is_incremental_config(upstream.config) -%}
                {%- set relation = api.Relation.create(
                    database=upstream.database, schema=upstream.schema, identifier=upstream.alias) -%}
                {%- do found.update({upstream.name: {'kind': 'model', 'relation': relation | string, 'checksum': none}}) -%}
            {%- else -%}
                {%- for parent in upstream.depends_on.nodes -%}
                    {%- do _collect_incremental_inputs(parent, found, seen) -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

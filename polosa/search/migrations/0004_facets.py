"""Facets in the full-text index: an entry's rubric, kind and week of publication as terms
of their own (:func:`polosa.search.models.entry_facets`), so a filter or a recency window
is answered by the full-text index instead of by reading every match's row.

A raw ``ADD COLUMN``: Django would rebuild the SQLite table for a ``NOT NULL`` field and
lose the full-text triggers. The existing entries get their facets from SQL (the same
string :func:`~polosa.search.models.entry_facets` writes), then the full-text structures
are built again over them: on SQLite the FTS5 table gains a ``facets`` column, on
PostgreSQL the generated vectors gain the facets as exact lexemes.
"""

from importlib import import_module

from django.db import migrations, models

#: The full-text statements of 0001 (undone here, and redone when this is reversed).
old = import_module("polosa.search.migrations.0001_initial")

ADD = "ALTER TABLE polosa_search_searchentry ADD COLUMN facets text NOT NULL DEFAULT ''"
DROP = "ALTER TABLE polosa_search_searchentry DROP COLUMN facets"

SQLITE_FACETS = """UPDATE polosa_search_searchentry SET facets =
    '§r' || rubric_id || ' §k' || kind || ' §w' || ((key >> 31) / 604800)"""
POSTGRES_FACETS = """UPDATE polosa_search_searchentry SET facets =
    '§r' || rubric_id::text || ' §k' || kind || ' §w' || ((key >> 31) / 604800)::text"""

SQLITE = [
    *old.SQLITE_REVERSE,
    ADD,
    SQLITE_FACETS,
    """CREATE VIRTUAL TABLE polosa_search_fts USING fts5(
        title, meta, body, facets,
        content='polosa_search_searchentry', content_rowid='key',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER polosa_search_fts_insert AFTER INSERT ON polosa_search_searchentry BEGIN
        INSERT INTO polosa_search_fts(rowid, title, meta, body, facets)
        VALUES (new.key, new.title, new.meta, new.body, new.facets);
    END""",
    """CREATE TRIGGER polosa_search_fts_delete AFTER DELETE ON polosa_search_searchentry BEGIN
        INSERT INTO polosa_search_fts(polosa_search_fts, rowid, title, meta, body, facets)
        VALUES ('delete', old.key, old.title, old.meta, old.body, old.facets);
    END""",
    """CREATE TRIGGER polosa_search_fts_update AFTER UPDATE ON polosa_search_searchentry BEGIN
        INSERT INTO polosa_search_fts(polosa_search_fts, rowid, title, meta, body, facets)
        VALUES ('delete', old.key, old.title, old.meta, old.body, old.facets);
        INSERT INTO polosa_search_fts(rowid, title, meta, body, facets)
        VALUES (new.key, new.title, new.meta, new.body, new.facets);
    END""",
    "INSERT INTO polosa_search_fts(polosa_search_fts) VALUES('rebuild')",
]
SQLITE_REVERSE = [
    *old.SQLITE_REVERSE,
    DROP,
    *old.SQLITE,
    "INSERT INTO polosa_search_fts(polosa_search_fts) VALUES('rebuild')",
]

#: The facets as lexemes, verbatim (``to_tsvector`` would parse the ``§`` away).
FACET_LEXEMES = "array_to_tsvector(string_to_array(facets, ' '))"
POSTGRES = [
    *old.POSTGRES_REVERSE,
    ADD,
    POSTGRES_FACETS,
    f"""ALTER TABLE polosa_search_searchentry ADD COLUMN head tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, meta), 'B')
        || {FACET_LEXEMES}
    ) STORED""",
    f"""ALTER TABLE polosa_search_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, meta), 'B')
        || setweight(to_tsvector('simple'::regconfig, body), 'D')
        || {FACET_LEXEMES}
    ) STORED""",
    "CREATE INDEX polosa_search_head ON polosa_search_searchentry USING gin (head)",
    "CREATE INDEX polosa_search_vector ON polosa_search_searchentry USING gin (vector)",
    "ANALYZE polosa_search_searchentry",
]
POSTGRES_REVERSE = [*old.POSTGRES_REVERSE, DROP, *old.POSTGRES]


def run(statements_for):
    def apply(apps, schema_editor):
        for statement in statements_for.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("polosa_search", "0003_russian_field_names")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="facets",
                    field=models.TextField(
                        blank=True, default="", verbose_name="рубрика, тип и неделя для индекса"
                    ),
                )
            ],
            database_operations=[
                migrations.RunPython(
                    run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                    run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
                )
            ],
        ),
    ]

import django.db.models.deletion
from django.db import migrations, models

SQLITE = [
    """CREATE VIRTUAL TABLE polosa_search_fts USING fts5(
        title, meta, body,
        content='polosa_search_searchentry', content_rowid='key',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER polosa_search_fts_insert AFTER INSERT ON polosa_search_searchentry BEGIN
        INSERT INTO polosa_search_fts(rowid, title, meta, body)
        VALUES (new.key, new.title, new.meta, new.body);
    END""",
    """CREATE TRIGGER polosa_search_fts_delete AFTER DELETE ON polosa_search_searchentry BEGIN
        INSERT INTO polosa_search_fts(polosa_search_fts, rowid, title, meta, body)
        VALUES ('delete', old.key, old.title, old.meta, old.body);
    END""",
    """CREATE TRIGGER polosa_search_fts_update AFTER UPDATE ON polosa_search_searchentry BEGIN
        INSERT INTO polosa_search_fts(polosa_search_fts, rowid, title, meta, body)
        VALUES ('delete', old.key, old.title, old.meta, old.body);
        INSERT INTO polosa_search_fts(rowid, title, meta, body)
        VALUES (new.key, new.title, new.meta, new.body);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS polosa_search_fts_update",
    "DROP TRIGGER IF EXISTS polosa_search_fts_delete",
    "DROP TRIGGER IF EXISTS polosa_search_fts_insert",
    "DROP TABLE IF EXISTS polosa_search_fts",
]
POSTGRES = [
    """ALTER TABLE polosa_search_searchentry ADD COLUMN head tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, meta), 'B')
    ) STORED""",
    """ALTER TABLE polosa_search_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, meta), 'B')
        || setweight(to_tsvector('simple'::regconfig, body), 'D')
    ) STORED""",
    "CREATE INDEX polosa_search_head ON polosa_search_searchentry USING gin (head)",
    "CREATE INDEX polosa_search_vector ON polosa_search_searchentry USING gin (vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS polosa_search_vector",
    "DROP INDEX IF EXISTS polosa_search_head",
    "ALTER TABLE polosa_search_searchentry DROP COLUMN IF EXISTS vector",
    "ALTER TABLE polosa_search_searchentry DROP COLUMN IF EXISTS head",
]


def full_text(statements_for):
    def run(apps, schema_editor):
        for statement in statements_for.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [("news", "0003_articlepage_reviewed_title")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("key", models.BigIntegerField(primary_key=True, serialize=False)),
                ("rubric_id", models.IntegerField(db_index=True, verbose_name="рубрика")),
                ("kind", models.CharField(max_length=20, verbose_name="тип")),
                ("published_at", models.DateTimeField(verbose_name="время публикации")),
                ("title", models.TextField(blank=True)),
                ("meta", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("text", models.TextField(blank=True)),
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="news.articlepage",
                    ),
                ),
            ],
            options={
                "verbose_name": "запись поискового индекса",
                "verbose_name_plural": "поисковый индекс",
                "indexes": [models.Index(fields=["kind"], name="search_entry_kind")],
            },
        ),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("term", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("documents", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "слово поискового индекса",
                "verbose_name_plural": "словарь поискового индекса",
            },
        ),
        migrations.RunPython(
            full_text({"sqlite": SQLITE, "postgresql": POSTGRES}),
            full_text({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]

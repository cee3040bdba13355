"""An index for the join of Wagtail's search index to the articles (PostgreSQL).

Wagtail's database backend joins ``wagtailsearch_indexentry`` to the searched pages on
``object_id = page_ptr_id::varchar(50)`` (its ``object_id`` is text). Nothing indexed
that expression, so every admin search of articles read the whole article table and the
whole index (two hash joins: the page and its count, 10.7 s at a million articles). With
it, the entries the GIN index finds are joined to their articles one by one.
``polosa.news.explorer`` and ``tests/search/test_search_admin.py`` rely on it.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS polosa_articlepage_id_text "
    "ON news_articlepage (((page_ptr_id)::varchar(50)))"
)
DROP = "DROP INDEX IF EXISTS polosa_articlepage_id_text"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("polosa_search", "0004_facets"), ("news", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]

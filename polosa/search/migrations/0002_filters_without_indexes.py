from django.db import migrations, models

# The name Django gave the index of ``rubric_id`` in 0001 (the same on both databases).
RUBRIC_INDEX = "polosa_search_searchentry_rubric_id_988fee55"


class Migration(migrations.Migration):
    """Filters are applied to full-text matches only: indexes on them only tempt
    PostgreSQL's planner into reading a whole rubric row by row. A plain ``DROP INDEX``:
    SQLite would rebuild the table for an altered field and lose the full-text triggers."""

    dependencies = [("polosa_search", "0001_initial")]

    operations = [
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_kind"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchentry",
                    name="rubric_id",
                    field=models.IntegerField(verbose_name="рубрика"),
                )
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {RUBRIC_INDEX}",
                    f"CREATE INDEX {RUBRIC_INDEX} ON polosa_search_searchentry (rubric_id)",
                )
            ],
        ),
    ]

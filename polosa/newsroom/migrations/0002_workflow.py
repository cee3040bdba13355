"""The workflow «Редакция» on the home page, in place of Wagtail's «Moderators approval»
(see polosa.newsroom.workflow)."""

from django.db import migrations

from polosa.newsroom import workflow


def install(apps, schema_editor):
    using = schema_editor.connection.alias
    workflow.retire_wagtail_default(apps, using)
    workflow.install(apps, using)


def uninstall(apps, schema_editor):
    workflow.uninstall(apps, schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_roles")]

    operations = [migrations.RunPython(install, uninstall)]

"""«Выпускающий редактор» (and «Администратор») may set the front page and the urgent banner:
the roles' table names their permissions now that the models exist (see
polosa.newsroom.roles)."""

from django.db import migrations

from polosa.newsroom import roles


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    roles.create_permissions(apps, using)
    roles.grant(apps, using, [roles.MANAGING_EDITOR_ROLE, roles.ADMINISTRATOR_ROLE])


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0003_front_page_and_urgent_banner")]

    # Nothing to take back: the permissions go with their models' tables.
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

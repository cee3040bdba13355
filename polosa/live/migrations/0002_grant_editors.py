"""«Редактор» and «Выпускающий редактор» write live blogs' entries (they go to readers at
once, like a publication, so «Автор» does not); «Администратор» has every permission
anyway (see polosa.newsroom.roles)."""

from django.db import migrations

from polosa.newsroom import roles

ENTRIES = tuple(f"live.{action}_liveentry" for action in ("add", "change", "delete", "view"))


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    roles.create_permissions(apps, using)
    roles.grant(
        apps,
        using,
        [
            roles.Role(roles.EDITOR, permissions=ENTRIES),
            roles.Role(roles.MANAGING_EDITOR, permissions=ENTRIES),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("live", "0001_initial"), ("newsroom", "0005_russian_names")]

    # Nothing to take back: the permissions go with their model's table.
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

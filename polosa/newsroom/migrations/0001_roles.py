"""The newsroom's roles (see polosa.newsroom.roles): «Юристы» becomes «Юрист» with its
members and permissions, Wagtail's «Editors» and «Moderators» give their members to
«Редактор» and go."""

from django.db import migrations

from polosa.newsroom import roles


def create_roles(apps, schema_editor):
    using = schema_editor.connection.alias
    roles.create_permissions(apps, using)
    roles.rename_group(apps, using, roles.OLD_LAWYERS, roles.LAWYER)
    roles.grant(apps, using)
    editors = apps.get_model("auth", "Group").objects.using(using).get(name=roles.EDITOR)
    for name in roles.WAGTAIL_DEFAULT_GROUPS:
        roles.merge_group(apps, using, name, editors, with_permissions=False)


def restore_lawyers_name(apps, schema_editor):
    # The other roles stay: deleting them would drop their members for good.
    roles.rename_group(apps, schema_editor.connection.alias, roles.LAWYER, roles.OLD_LAWYERS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("core", "0004_ratecounter"),
        ("news", "0003_articlepage_reviewed_title"),
        ("legal", "0002_legalreviewtask"),
    ]

    operations = [migrations.RunPython(create_roles, restore_lawyers_name)]

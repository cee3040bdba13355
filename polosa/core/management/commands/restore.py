"""``polosa restore PATH [--force]``: an archive of ``polosa backup`` into this site.

Into an empty database and media folder only, unless ``--force``; the archive is checked
whole before anything is written (see :mod:`polosa.core.backup`). Stop the site and
``polosa worker`` while a ``--force`` restore replaces what they serve.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext

from polosa.core import backup, taggedcache


class Command(BaseCommand):
    help = "Восстановить базу данных и медиафайлы из архива polosa backup."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="архив, созданный polosa backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="заменить содержимое, если база данных или папка медиафайлов не пусты",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        # The restore writes through connections of its own; this process's must not hold
        # the database open meanwhile.
        connections.close_all()
        try:
            report = backup.restore_backup(
                archive=archive,
                database=connections[DEFAULT_DB_ALIAS].settings_dict,
                media_root=backup.local_media_root(),
                force=force,
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        # Pages cached from the replaced content must not outlive it: Redis survives a
        # restart of the site (local memory does not). Only Polosa's own page-cache keys
        # go; Django's cache.clear() would empty a Redis database others may share.
        taggedcache.store().clear()
        manifest = report.manifest
        counts = manifest.counts
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Восстановлено из %(path)s (архив от %(created)s, Полоса %(version)s).")
                % {
                    "path": archive,
                    "created": backup.created_at_local(manifest).strftime("%d.%m.%Y %H:%M"),
                    "version": manifest.polosa_version,
                }
            )
        )
        self.stdout.write(
            gettext(
                "Материалов — %(articles)d, ревизий — %(revisions)d, голосов — %(votes)d, "
                "записей реестров — %(entries)d, медиафайлов — %(files)d (%(size)s)."
            )
            % {
                "articles": counts.get("articles", 0),
                "revisions": counts.get("revisions", 0),
                "votes": counts.get("votes", 0),
                "entries": counts.get("registry_entries", 0),
                "files": len(manifest.media),
                "size": backup.human_size(manifest.media_bytes),
            }
        )
        if not manifest.media_included:
            self.stdout.write(
                gettext(
                    "Медиафайлов в архиве нет: он сделан, когда они хранились в объектном "
                    "хранилище; восстановите их из бакета."
                )
            )
        if report.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    gettext(
                        "Архив старше кода: не применено миграций — %(count)d. "
                        "Выполните polosa migrate."
                    )
                    % {"count": len(report.pending_migrations)}
                )
            )
        if report.replaced_existing:
            self.stdout.write(
                gettext("Прежнее содержимое заменено: перезапустите сайт и polosa worker.")
            )

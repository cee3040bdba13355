"""``polosa backup [--output PATH]``: the database and the media files in one archive.

The logic lives in :mod:`polosa.core.backup`; this shell picks the configured database
and media folder and prints a summary.
"""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext

from polosa.core import backup


class Command(BaseCommand):
    help = "Сохранить базу данных и медиафайлы в один архив (сайт может работать)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="файл или папка для архива (по умолчанию var/backups/polosa-<дата>.tar.gz)",
        )

    def handle(self, *args, output: Path | None, **options):
        try:
            report = backup.create_backup(
                database=connections[DEFAULT_DB_ALIAS].settings_dict,
                media_root=backup.local_media_root(),
                output=output or backup.default_archive_path(),
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = report.manifest
        counts = manifest.counts
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Архив: %(path)s (%(size)s)")
                % {"path": report.archive, "size": backup.human_size(report.size)}
            )
        )
        self.stdout.write(
            gettext(
                "База %(engine)s: материалов — %(articles)d, ревизий — %(revisions)d, "
                "голосов — %(votes)d, записей реестров — %(entries)d."
            )
            % {
                "engine": backup.ENGINE_NAMES[manifest.engine],
                "articles": counts.get("articles", 0),
                "revisions": counts.get("revisions", 0),
                "votes": counts.get("votes", 0),
                "entries": counts.get("registry_entries", 0),
            }
        )
        if not manifest.media_included:
            self.stdout.write(
                self.style.WARNING(
                    gettext(
                        "Медиафайлы не вошли в архив: они хранятся в объектном хранилище "
                        "(%(storage)s). Их сохраняет версионирование или репликация бакета."
                    )
                    % {"storage": default_storage.__class__.__name__}
                )
            )
            return
        self.stdout.write(
            gettext("Медиафайлов: %(files)d (%(size)s).")
            % {"files": len(manifest.media), "size": backup.human_size(manifest.media_bytes)}
        )

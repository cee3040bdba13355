"""``polosa legal``: import and export registries, check a text for mentions, build the
mentions index of the archive (``mentions --rebuild``).

``check --registry FILE.csv`` works without a database: the ``polosa`` entry point runs it
on the engine alone (:mod:`polosa.legal.cli`) before Django starts; called through Django
(``call_command``) it skips the system checks and touches no model in that mode.
Exit status of ``check``: 0 no mentions, 1 mentions, 2 error (message on stderr).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from polosa.legal import cli, engine
from polosa.legal.importers import ALIASES, FORMATS


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"не удалось прочитать {path}: {exc.strerror}", returncode=2) from None


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{path}: не UTF-8 (байт {exc.start}): {exc.reason}", returncode=2
        ) from None


class Command(BaseCommand):
    help = "Реестры для маркировки: импорт, экспорт, проверка текста."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        imp = sub.add_parser("import", help="импортировать реестр из файла")
        imp.add_argument("kind", choices=[*FORMATS, *ALIASES], metavar="KIND")
        imp.add_argument("file")
        imp.add_argument(
            "--taken-at",
            help="когда снята копия реестра (ГГГГ-ММ-ДД[THH:MM]); по умолчанию — сейчас",
        )
        exp = sub.add_parser("export", help="выгрузить все записи в канонический CSV")
        exp.add_argument("file", help="файл или - для stdout")
        check = sub.add_parser("check", help="найти упоминания в тексте или HTML")
        check.add_argument("file", nargs="?", default="-")
        check.add_argument("--registry", help="канонический CSV вместо базы (база не нужна)")
        check.add_argument("--json", action="store_true", dest="as_json")
        found = sub.add_parser(
            "mentions", help="индекс упоминаний для отчёта: состояние или пересборка"
        )
        found.add_argument(
            "--rebuild",
            action="store_true",
            help="проиндексировать все опубликованные материалы заново (пачками)",
        )
        found.add_argument(
            "--batch",
            type=int,
            default=None,
            help="материалов в пачке (по умолчанию 200)",
        )

    def handle(self, *args, action: str, **options):
        return getattr(self, f"handle_{action}")(**options)

    # -- import / export ----------------------------------------------------------------

    def handle_import(self, kind: str, file: str, taken_at: str | None = None, **options):
        from polosa.legal import registry
        from polosa.legal.importers import parse_file

        data = _read_bytes(file)
        try:
            entries, replaces = parse_file(kind, data)
            result = registry.import_entries(
                entries,
                kinds=[replaces] if replaces else None,
                source_name=Path(file).name,
                taken_at=_when(taken_at),
            )
        except (engine.RegistryFormatError, registry.RegistryImportError) as exc:
            raise CommandError(f"{file}: {exc}; ничего не импортировано", returncode=2) from None
        self.stdout.write(
            f"{', '.join(result.kinds)}: {result.rows} записей "
            f"(новых {result.created}, изменено {result.updated}, удалено {result.deleted})"
        )

    def handle_export(self, file: str, **options):
        from polosa.legal import registry

        text = engine.write_canonical_csv(registry.db_entries())
        if file == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(file).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                f"не удалось записать {file}: {exc.strerror}", returncode=2
            ) from None
        self.stdout.write(f"Записей: {text.count(chr(10)) - 1} → {file}")

    # -- check --------------------------------------------------------------------------

    def handle_check(self, file: str, registry: str | None, as_json: bool, **options):
        from polosa.legal import conf
        from polosa.legal import registry as service

        text = _decode(_read_bytes(file), file)
        if registry:
            try:
                source = _decode(_read_bytes(registry), registry)
                entries = service.engine_entries(engine.read_canonical_csv(source))
            except engine.RegistryFormatError as exc:
                raise CommandError(f"{registry}: {exc}", returncode=2) from None
            matcher = service.compile_matcher(entries)
        else:
            matcher = service.current().matcher
        marked = matcher.mark(text, templates=conf.footnote_templates(), repeat=conf.repeat_stars())
        names = {e.id: e.name for e in matcher.entries}
        self.stdout.write(cli.render(marked, text, names, as_json), ending="")
        if marked.mentions:
            sys.exit(1)

    # -- mentions index -----------------------------------------------------------------

    def handle_mentions(self, rebuild: bool = False, batch: int | None = None, **options):
        from polosa.legal import mentions
        from polosa.legal.models import ArticleMention
        from polosa.news.models import ArticlePage

        if batch is not None and batch < 1:
            raise CommandError("--batch: нужно целое число больше нуля", returncode=2)
        if not rebuild:
            indexed = ArticleMention.objects.values("article").distinct().count()
            self.stdout.write(
                f"Опубликованных материалов: {ArticlePage.objects.live().count()}; "
                f"с упоминаниями в индексе: {indexed}; "
                f"строк индекса: {ArticleMention.objects.count()}"
            )
            return

        def report(progress: mentions.Progress) -> None:
            self.stdout.write(
                f"Проиндексировано материалов: {progress.done} из {progress.total} "
                f"(строк индекса: {progress.rows})"
            )

        result = mentions.rebuild(batch_size=batch or mentions.REBUILD_BATCH, progress=report)
        self.stdout.write(f"Готово: материалов {result.done}, строк индекса {result.rows}")


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--taken-at: неверная дата {value!r}", returncode=2) from None
    return timezone.make_aware(when) if timezone.is_naive(when) else when

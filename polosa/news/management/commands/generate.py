"""``polosa generate --articles N``: N more published articles, in bulk, for benchmarks.

Resumable: the run's target (and its clock, so dates come out the same) is kept in
``VAR_DIR/generate/``; run again after an interruption, it writes only what is missing
and then forgets the target. The readers' search index is not fed by the bulk load:
``polosa search reindex`` afterwards (see :mod:`polosa.news.generation`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from tqdm import tqdm

from polosa.core.database import refresh_planner_statistics
from polosa.news.generation import TEN_YEARS, generate_articles


def checkpoint_file() -> Path:
    """One file per database: two databases on one machine resume separately."""
    identity = f"{connection.vendor}:{connection.settings_dict['HOST']}:"
    identity += f"{connection.settings_dict['PORT']}:{connection.settings_dict['NAME']}"
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return Path(settings.VAR_DIR) / "generate" / f"{digest}.json"


class Command(BaseCommand):
    help = "Создать N опубликованных материалов для нагрузочных тестов."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="сколько материалов")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--days", type=int, default=TEN_YEARS.days, help="за сколько дней разбросать даты"
        )
        parser.add_argument("--chunk", type=int, default=2000, help="материалов в транзакции")

    def handle(self, *args, articles: int, seed: int, days: int, chunk: int, **options):
        from polosa.news.models import ArticlePage

        if articles < 1 or days < 1 or chunk < 1:
            raise CommandError("--articles, --days и --chunk должны быть положительными числами.")
        existing = ArticlePage.objects.count()
        path = checkpoint_file()
        plan = self.unfinished_plan(path, existing, seed)
        if plan is None:
            plan = {"target": existing + articles, "seed": seed, "days": days}
            plan["now"] = timezone.now().isoformat()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(plan))
        else:
            self.stdout.write(
                f"Продолжаю прерванную генерацию: {existing} из {plan['target']} уже в базе."
            )
        missing = plan["target"] - existing
        with tqdm(total=missing, unit="мат.", file=self.stderr._out) as bar:
            created = generate_articles(
                missing,
                seed=plan["seed"],
                now=datetime.fromisoformat(plan["now"]),
                span=timedelta(days=plan["days"]),
                progress=bar.update,
                batch=chunk,
                first_serial=existing,
            )
        path.unlink(missing_ok=True)
        refresh_planner_statistics(after_bulk_load=True)
        self.stdout.write(self.style.SUCCESS(f"Создано материалов: {created}"))
        self.stdout.write("Поисковый индекс: polosa search reindex")

    @staticmethod
    def unfinished_plan(path: Path, existing: int, seed: int) -> dict | None:
        try:
            plan = json.loads(path.read_text())
        except (OSError, ValueError):
            return None
        if plan.get("seed") != seed or existing >= plan.get("target", 0):
            return None
        return plan

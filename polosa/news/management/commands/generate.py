"""``polosa generate --articles N``: bulk published articles for benchmarks."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from polosa.core.database import refresh_planner_statistics
from polosa.news.generation import generate_articles


class Command(BaseCommand):
    help = "Создать N опубликованных материалов для нагрузочных тестов."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="сколько материалов")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, articles: int, seed: int, **options):
        if articles < 1:
            raise CommandError("--articles должно быть положительным числом.")
        with tqdm(total=articles, unit="мат.", file=self.stderr._out) as bar:
            created = generate_articles(articles, seed=seed, progress=bar.update)
        refresh_planner_statistics(after_bulk_load=True)
        self.stdout.write(self.style.SUCCESS(f"Создано материалов: {created}"))

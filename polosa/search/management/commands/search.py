"""``polosa search reindex``: rebuild the readers' search index from the published articles.

Readers keep searching the old index while the new one is built (one transaction); the
directory's names and every published, public article are read anew. ``--admin`` also
rebuilds Wagtail's own index (the admin's search), e.g. after switching to
``polosa.search.backend``. Also ``polosa search query WORDS``: what the index finds, in
the search page's order.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm


class Command(BaseCommand):
    help = "Поисковый индекс: reindex — построить заново; query СЛОВА — что найдётся."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        reindex = commands.add_parser(
            "reindex", help="построить индекс заново по опубликованным материалам"
        )
        reindex.add_argument(
            "--admin",
            action="store_true",
            help="и индекс Wagtail для поиска в админке (после смены поискового бэкенда)",
        )
        query = commands.add_parser("query", help="показать, что находит запрос")
        query.add_argument("words", nargs="+")
        query.add_argument("--limit", type=int, default=10)

    def handle(self, *args, action: str, **options):
        if action == "reindex":
            self.reindex()
            if options["admin"]:
                from django.core.management import call_command

                call_command("wagtail_update_index", stdout=self.stdout, stderr=self.stderr)
            return None
        return self.query(" ".join(options["words"]), options["limit"])

    def reindex(self) -> None:
        from polosa.news import listing
        from polosa.search.index import rebuild

        total = listing.published_articles().count()
        with tqdm(total=total, unit="мат.", file=self.stderr._out) as bar:
            written = rebuild(progress=bar.update)
        from polosa.core import surrogate
        from polosa.core.purge import purge_keys

        purge_keys({surrogate.LISTING_SITE}, reason="search index rebuilt")
        self.stdout.write(self.style.SUCCESS(f"В индексе материалов: {written}"))

    def query(self, text: str, limit: int) -> None:
        from polosa.news.models import ArticlePage
        from polosa.search import query
        from polosa.search.index import lemmatiser

        groups = lemmatiser().query(text)
        if not groups:
            raise CommandError("В запросе нет слов, которые ищутся.")
        filters = query.Filters()
        found = query.hits(groups, filters, offset=0, limit=limit)
        titles = dict(
            ArticlePage.objects.filter(pk__in=[hit.article_id for hit in found]).values_list(
                "pk", "title"
            )
        )
        terms = " & ".join("|".join(sorted(group)) for group in groups)
        self.stdout.write(f"{query.count(groups, filters)} — {terms}")
        for hit in found:
            self.stdout.write(f"{hit.score:6.3f}  {titles.get(hit.article_id, '?')}")

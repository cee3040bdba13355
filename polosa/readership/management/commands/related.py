"""``polosa related``: «Читайте также» from the shell.

``rebuild`` computes every published article's list (after a bulk load such as
``polosa generate``, or when the feature arrives on an existing archive); ``show ID``
prints an article's list with each item's score (0: the newest, filling the list).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm


class Command(BaseCommand):
    help = "«Читайте также»: пересчитать списки всех материалов или показать список одного."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("rebuild", help="пересчитать списки всех опубликованных материалов")
        show = sub.add_parser("show", help="показать список материала")
        show.add_argument("article_id", type=int)

    def handle(self, *args, action: str, **options):
        if action == "rebuild":
            self.rebuild()
        else:
            self.show(options["article_id"])

    def rebuild(self) -> None:
        from polosa.news import listing
        from polosa.readership.services import related_rebuild

        total = listing.published_articles().count()
        with tqdm(total=total, unit="мат.", file=self.stderr._out) as bar:
            done = related_rebuild(progress=bar.update)
        self.stdout.write(f"Списков «Читайте также» пересчитано: {done}")

    def show(self, article_id: int) -> None:
        from polosa.news.models import ArticlePage
        from polosa.readership.models import RelatedArticle

        article = ArticlePage.objects.filter(pk=article_id).only("id", "title").first()
        if article is None:
            raise CommandError(f"нет материала {article_id}")
        self.stdout.write(article.title)
        rows = RelatedArticle.objects.filter(article=article).select_related("related")
        if not rows:
            self.stdout.write("  списка ещё нет: показываются самые новые материалы")
        for row in rows:
            self.stdout.write(f"  {row.score:5.2f}  {row.related_id:>7}  {row.related.title}")

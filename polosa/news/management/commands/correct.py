"""``polosa correct ARTICLE TEXT``: publish a dated correction note on a live article.

ARTICLE is the article's id or its path on the site (``/kino/premera/``). The note goes
through :func:`polosa.news.services.publish_correction`, as an editor's would: it is dated
now, shown under the text, carried in feeds and sitemaps, and a changed headline or lead
reaches the channel post (a note alone does not change the post).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext

from polosa.core import dates
from polosa.news import services
from polosa.news.models import ArticlePage


class Command(BaseCommand):
    help = "Опубликовать исправление к материалу."

    def add_arguments(self, parser) -> None:
        parser.add_argument("article", help="номер материала или его адрес на сайте")
        parser.add_argument("text", help="что исправлено")

    def handle(self, *args, article: str, text: str, **options) -> None:
        found = find_article(article)
        try:
            note = services.publish_correction(found, text)
        except services.CorrectionRefused as refused:
            raise CommandError(str(refused)) from refused
        when = dates.format_published(
            note.published_at, timezone.now(), timezone.get_current_timezone()
        )
        self.stdout.write(
            gettext("Исправлено %(time)s: «%(title)s»") % {"time": when, "title": found.title}
        )


def find_article(reference: str) -> ArticlePage:
    """By id, or by the path readers see (the site's root is not part of it)."""
    if reference.isdigit():
        found = ArticlePage.objects.filter(pk=int(reference)).first()
    else:
        path = "/" + reference.strip("/") + "/"
        found = next(
            (page for page in ArticlePage.objects.filter(url_path__endswith=path) if page.url),
            None,
        )
    if found is None:
        raise CommandError(gettext("Нет такого материала: %(ref)s") % {"ref": reference})
    return found

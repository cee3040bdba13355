"""Creating rubrics and articles from code: the demo, the benchmark generator and tests.

Articles go through Wagtail's tree API (``add_child``) so paths, URL paths and numchild
stay correct; publishing a revision is skipped for bulk content because it only adds
history rows, and the page itself is saved live.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from polosa.core.typography import slug_for
from polosa.news import services
from polosa.news.models import ArticleAuthor, ArticlePage, Author, HomePage, RubricPage

DEMO_RUBRICS = (
    ("Новости", "novosti"),
    ("Музыка", "muzyka"),
    ("Кино", "kino"),
    ("Образ жизни", "obraz-zhizni"),
)


def home_page() -> HomePage:
    """The site's home page; recreated (with the tree root, locale and default site) when
    the database was emptied, e.g. by a flush between transactional tests."""
    home = HomePage.objects.filter(depth=2).first()
    if home is not None:
        return home
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="Полоса", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Полоса"
    )
    return home


def ensure_rubrics(names: Iterable[tuple[str, str]] = DEMO_RUBRICS) -> list[RubricPage]:
    home = home_page()
    rubrics = []
    for title, slug in names:
        rubric = RubricPage.objects.child_of(home).filter(slug=slug).first()
        if rubric is None:
            rubric = home.add_child(instance=RubricPage(title=title, slug=slug, show_in_menus=True))
        rubrics.append(rubric)
    return rubrics


def ensure_author(name: str, bio: str = "", photo=None, position: str = "") -> Author:
    author, _ = Author.objects.get_or_create(
        slug=slug_for(name),
        defaults={"name": name, "bio": bio, "photo": photo, "position": position},
    )
    return author


def create_article(
    rubric: RubricPage,
    *,
    title: str,
    published_at: datetime | None,
    lead: str = "",
    body: Sequence[tuple[str, object]] = (),
    kind: str = ArticlePage.Kind.NEWS,
    main_image=None,
    authors: Sequence[Author] = (),
    tags: Sequence[str] = (),
    source_name: str = "",
    live: bool = True,
    announce: bool = True,
    slug: str | None = None,
    validate: bool = True,
) -> ArticlePage:
    """Add an article under ``rubric``; ``live=False`` leaves it a draft.

    ``validate=False`` skips Wagtail's ``full_clean`` (a slug-uniqueness query and field
    validation per page) for generated content whose slugs are unique by construction.
    ``announce=False`` leaves the purge to the caller (bulk loads purge once).
    """
    article = ArticlePage(
        title=title,
        slug=slug or slug_for(title),
        lead=lead,
        body=list(body),
        kind=kind,
        main_image=main_image,
        source_name=source_name,
        live=live,
        published_at=published_at,
        first_published_at=published_at if live else None,
        last_published_at=published_at if live else None,
    )
    if slug is None and ArticlePage.objects.child_of(rubric).filter(slug=article.slug).exists():
        article.slug = f"{article.slug}-{ArticlePage.objects.count() + 1}"
    # modelcluster keeps relations in memory until the page is saved by add_child.
    article.byline = [ArticleAuthor(author=author) for author in authors]
    if tags:
        article.tags.add(*tags)
    article._skip_full_clean = not validate
    rubric.add_child(instance=article)
    if live and announce:
        # Created live, without Wagtail's publish: readers' caches still hear of it.
        services.page_publication_changed(article, reason="article created")
    return article

"""On the demo, a film review's «Читайте также» holds reviews or news about the same film
or its people before anything else."""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from lxml import html as lxml_html

from tests.readership.fixtures import *  # noqa: F403 (the fixtures)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo's own content, smaller: 200 articles, the titles and the people, their
    links, then every list (as ``polosa demo`` does). Made once for the module's tests,
    which only read it, from committed rows flushed afterwards."""
    from django.core.management import call_command
    from django.test import override_settings
    from wagtail.models import Collection

    from polosa.news import content
    from polosa.news.generation import generate_articles
    from polosa.people import demo as people_demo
    from polosa.readership.services import related_rebuild
    from polosa.titles import demo as titles_demo

    folder = tmp_path_factory.mktemp("related-demo")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(folder / "media"), POLOSA_PEOPLE_CACHE_DIR=str(folder / "matchers")
        ),
    ):
        try:
            if not Collection.get_first_root_node():
                Collection.add_root(name="Root")
            content.ensure_rubrics()
            generate_articles(200, now=NOW, image_count=1)
            titles_demo.populate(stdout=io.StringIO())
            people_demo.populate(stdout=io.StringIO(), photos=False)
            related_rebuild()
            yield
        finally:
            call_command("flush", verbosity=0, interactive=False)


@pytest.fixture
def demo(demo_content, django_db_blocker):
    """The committed demo, read as is (in a transaction of their own, the tests would sit
    among the others and the module's flush would empty what those expect the migrations
    to have made; as tests that ask for no database they run last)."""
    with django_db_blocker.unblock():
        yield


def about_the_same(review, other_id: int) -> bool:
    """Read from the demo itself, not from the ranking: the same title, its name in
    the other headline, or a person both link to."""
    from polosa.news.models import ArticlePage
    from polosa.people.models import LINKED_SOURCES, Mention

    other = ArticlePage.objects.get(pk=other_id)
    if other.reviewed_title_id == review.reviewed_title_id:
        return True
    if f"«{review.reviewed_title.name}»" in other.title:
        return True
    linked = Mention.objects.filter(source__in=LINKED_SOURCES)
    people = set(linked.filter(article=review).values_list("person_id", flat=True))
    return bool(people & set(linked.filter(article=other).values_list("person_id", flat=True)))


def test_a_film_reviews_list_puts_its_film_and_people_first(demo, client):
    from polosa.news.models import ArticlePage
    from polosa.readership.models import RelatedArticle

    reviews = list(ArticlePage.objects.live().filter(kind="review", reviewed_title__kind="film"))
    assert len(reviews) >= 5
    related_somewhere = 0
    for review in reviews:
        shown = list(
            RelatedArticle.objects.filter(article=review)
            .order_by("position")
            .values_list("related_id", flat=True)
        )
        assert len(shown) == 6
        verdicts = [about_the_same(review, pk) for pk in shown]
        # Everything about the film or its people comes before anything that is not.
        assert verdicts == sorted(verdicts, reverse=True), (review.title, verdicts)
        related_somewhere += verdicts[0]
    # The demo names every film in several headlines and two people in every article.
    assert related_somewhere == len(reviews)


def test_the_review_page_shows_its_list(demo, client):
    from polosa.news.models import ArticlePage
    from polosa.readership.models import RelatedArticle

    review = ArticlePage.objects.live().filter(kind="review", reviewed_title__kind="film")[0]
    expected = [
        re.sub(r"\s+", " ", row.related.title)
        for row in RelatedArticle.objects.filter(article=review).select_related("related")
    ]
    document = lxml_html.fromstring(client.get(review.url).content)
    titles = document.xpath("//aside[contains(@class,'read-also')]//li/a/text()")
    assert [re.sub(r"\s+", " ", title) for title in titles] == expected

"""Every place a headline is shown carries its marks like the article page: cards in
listings, «Читайте также», the news sitemap; ``<title>`` and ``og:title`` only when the
outlet asks for it. Checked on behaviour (the stars next to the headline's words), not on
markup; no reader page pays a query for it."""

from __future__ import annotations

import pytest
from django.utils import timezone
from lxml import html as lxml_html
from wagtail.rich_text import RichText

from polosa.core import taggedcache
from polosa.legal import services
from polosa.legal.models import MentionOverride, RegistryEntry
from tests.core.pages import forget_page

pytestmark = pytest.mark.django_db

HEADLINE = "Аркадий Перепёлкин дал концерт"
MARKED = "Аркадий Перепёлкин* дал концерт"


@pytest.fixture
def marked_article(fresh_registry, article_factory):
    return article_factory(
        HEADLINE,
        published_at=timezone.now(),
        body=[("paragraph", RichText("<p>Зал был полон.</p>"))],
    )


@pytest.fixture
def neighbour(marked_article, article_factory):
    return article_factory(
        "Соседняя новость",
        published_at=timezone.now() - timezone.timedelta(minutes=5),
        body=[("paragraph", RichText("<p>Текст.</p>"))],
    )


def texts(response, xpath: str) -> list[str]:
    assert response.status_code == 200
    return [
        " ".join(e.text_content().split())
        for e in lxml_html.fromstring(response.content.decode()).xpath(xpath)
    ]


def test_a_card_in_a_listing_carries_the_headlines_marks(client, marked_article):
    rubric_page = client.get(marked_article.rubric.url)
    assert MARKED in texts(rubric_page, "//h2")


def test_read_also_carries_the_headlines_marks(client, marked_article, neighbour):
    aside = client.get(f"/_fragments/article-aside/{neighbour.pk}/")
    assert any(MARKED in text for text in texts(aside, "//aside//li"))


def test_the_news_sitemap_carries_the_headlines_marks(client, marked_article):
    content = client.get("/sitemap-news.xml").content.decode()
    assert f"<news:title>{MARKED}</news:title>" in content


def test_a_headline_mark_forced_by_hand_shows_on_cards_too(client, marked_article):
    services.override_add(
        article=marked_article,
        entry=RegistryEntry.objects.get(external_id="fa-1"),
        action=MentionOverride.Action.SUPPRESS,
        phrase="Аркадий Перепёлкин",
        reason="Однофамилец",
        user=None,
    )
    assert HEADLINE in texts(client.get(marked_article.rubric.url), "//h2")


@pytest.mark.parametrize(
    ("setting", "expected"), [(False, HEADLINE), (True, MARKED)], ids=["off", "on"]
)
def test_the_outlet_decides_whether_title_and_og_title_carry_marks(
    client, settings, marked_article, setting, expected
):
    settings.POLOSA_LEGAL_MARKED_PAGE_TITLES = setting
    tree = lxml_html.fromstring(client.get(marked_article.url).content)
    assert tree.xpath("string(//title)").startswith(expected + " — ")
    assert tree.xpath("//meta[@property='og:title']/@content") == [expected]
    # The page's own headline is marked either way.
    assert " ".join(tree.xpath("string(//h1)").split()) == MARKED


def test_a_listing_of_marked_headlines_costs_no_query_more(
    client, marked_article, neighbour, django_assert_num_queries
):
    """The cold article page (its «Читайте также» shows the marked card) keeps its 17."""
    client.get(neighbour.url)
    taggedcache.store().clear()
    forget_page(neighbour.url)
    with django_assert_num_queries(17):
        assert client.get(neighbour.url).status_code == 200

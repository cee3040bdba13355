"""Lists page on keyset cursors: their links lead from page to page at the cost of page 2
however deep the list, the last page is reachable, and bad cursors are a 404."""

from datetime import UTC, datetime, timedelta

import pytest
from lxml import html as lxml_html

from polosa.news.listing import ARTICLES_PER_PAGE, Cursor
from tests.core.pages import forget_page
from tests.text import plain

pytestmark = pytest.mark.django_db

START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
TOTAL = ARTICLES_PER_PAGE * 3 + 5  # four pages


@pytest.fixture
def archive(article_factory, rubrics):
    """Articles an hour apart, two of them at the same minute (the cursor's tie-break)."""
    articles = []
    for number in range(TOTAL):
        published_at = START - timedelta(hours=number)
        if number == ARTICLES_PER_PAGE:  # the first card of page 2 shares page 1's last time
            published_at = articles[-1].published_at
        articles.append(
            article_factory(f"Архивная {number}", rubric=rubrics[0], published_at=published_at)
        )
    return rubrics[0]


def cards(response) -> list[str]:
    assert response.status_code == 200
    document = lxml_html.fromstring(response.content.decode())
    return [
        plain(node.text_content()).strip() for node in document.xpath("//h2[@class='card__title']")
    ]


def link(response, rel: str) -> str | None:
    document = lxml_html.fromstring(response.content.decode())
    found = document.xpath(f"//nav[@class='pagination']/a[@rel='{rel}']/@href")
    return found[0] if found else None


def test_following_next_links_walks_the_whole_list_once(client, archive):
    seen, url, pages = [], archive.url, 0
    while url:
        response = client.get(url if url.startswith("/") else archive.url + url)
        seen += cards(response)
        pages += 1
        url = link(response, "next")
        if url:
            assert "before=" in url
    assert pages == 4
    assert len(seen) == len(set(seen)) == TOTAL


def test_previous_links_lead_back_to_the_same_pages(client, archive):
    first = client.get(archive.url)
    second = client.get(archive.url + link(first, "next"))
    third = client.get(archive.url + link(second, "next"))
    back = client.get(archive.url + link(third, "prev"))
    assert "after=" in link(third, "prev")
    assert cards(back) == cards(second)
    assert link(second, "prev") == "?page=1"


@pytest.mark.parametrize("number", ["3", "4"])
def test_a_typed_page_number_shows_what_the_links_lead_to(client, archive, number):
    walked = client.get(archive.url)
    for _ in range(int(number) - 1):
        walked = client.get(archive.url + link(walked, "next"))
    assert cards(client.get(archive.url, {"page": number})) == cards(walked)


def test_the_last_page_is_linked_and_holds_the_oldest(client, archive):
    response = client.get(archive.url)
    assert "?page=4" in response.content.decode()
    last = cards(client.get(archive.url, {"page": "4"}))
    assert len(last) == 5
    assert last[-1] == f"Архивная {TOTAL - 1}"


@pytest.mark.parametrize(
    "query",
    [
        {"before": "abc"},
        {"before": "12.x"},
        {"after": "-5.3"},
        {"before": "1" + "0" * 20 + ".1"},
        {"page": "2", "before": "1.1"},  # before the dawn of time: nothing older
        {"page": "0"},
        {"page": "99"},
    ],
    ids=["letters", "bad-id", "negative", "too-long", "empty-page", "zero", "past-the-end"],
)
def test_bad_page_parameters_are_a_404(client, archive, query):
    assert client.get(archive.url, query).status_code == 404


def test_a_cursor_survives_its_own_round_trip():
    cursor = Cursor(datetime(2023, 5, 7, 10, 11, 12, 345678, tzinfo=UTC), 4321)
    assert Cursor.parse(str(cursor)) == cursor


@pytest.mark.parametrize("kind", ["next", "typed-last"])
def test_deep_pages_cost_what_page_two_costs(
    client, archive, kind, django_assert_num_queries
):  # fmt: skip
    second = client.get(archive.url + link(client.get(archive.url), "next"))
    url = archive.url + (link(second, "next") if kind == "next" else "?page=4")
    client.get(url)
    forget_page(url)
    with django_assert_num_queries(3):  # page 1 costs 4 (test_listing_pages): no less deep
        assert client.get(url).status_code == 200

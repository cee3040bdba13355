"""The ratings pages, the title page and the ratings block, with their query budgets."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from polosa.core import surrogate, taggedcache
from polosa.titles.models import PickedTitle, RatingsSettings, Title, Vote
from tests.text import plain


def rate(title: Title, *values: int) -> None:
    for number, value in enumerate(values):
        Vote.objects.create(title=title, reader=f"r{title.pk}-{number}", value=value)
    title.votes_count = len(values)
    title.votes_sum = sum(values)
    title.save()


@pytest.fixture
def many_titles(title_factory, image_factory):
    titles = []
    for number in range(30):
        title = title_factory(
            f"Фильм номер {number}",
            year=1990 + number,
            poster=image_factory(f"Постер {number}") if number < 3 else None,
            editorial_score=Decimal("6.5") if number % 2 else None,
        )
        titles.append(title)
    rate(titles[5], *([8] * 10))
    return titles


def test_series_card_shows_its_season(title_factory):
    series = title_factory("Четыре сезона", kind=Title.Kind.SERIES, season=1)
    assert series.display_name == "Четыре сезона (1 сезон)"
    assert title_factory("Часовщик").display_name == "Часовщик"


def test_ratings_page_sorts_by_score_and_by_date(client, many_titles):
    response = client.get("/ratings/")
    assert response.status_code == 200
    titles = list(response.context["titles"])
    assert titles[0] == many_titles[5]  # 8.0 from readers beats the editorial 6.5
    assert "8,0" in response.content.decode()
    by_date = list(client.get("/ratings/?sort=date").context["titles"])
    assert by_date[0].year == 2019


@pytest.mark.parametrize(
    ("query", "status"),
    [("?sort=nonsense", 200), ("?sort=", 200), ("?page=2", 200), ("?page=3", 404),
     ("?page=abc", 404), ("?page=0", 404), ("?page=99999999", 404), ("?sort=date&page=-1", 404)],
)  # fmt: skip
def test_ratings_page_bad_parameters(client, many_titles, query, status):
    assert client.get(f"/ratings/{query}").status_code == status


def test_ratings_page_query_budget(client, many_titles, django_assert_num_queries):
    client.get("/ratings/")  # renditions are created on the first view
    with django_assert_num_queries(3):
        assert client.get("/ratings/").status_code == 200
    with django_assert_num_queries(3):
        assert client.get("/ratings/?sort=date&page=2").status_code == 200


def test_title_page_lists_reviews_and_score(client, title_factory, article_factory, image_factory):
    title = title_factory("Осенний свет", poster=image_factory("Осенний свет"))
    rate(title, *([7] * 7 + [8] * 3))
    review = article_factory("Рецензия на фильм «Осенний свет»", kind="review")
    review.reviewed_title = title
    review.save()
    draft = article_factory("Черновик рецензии «Осенний свет»", kind="review", live=False)
    draft.reviewed_title = title
    draft.save()
    response = client.get(title.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Рецензия на фильм «Осенний свет»" in plain(html)
    assert "Черновик" not in html
    assert '<span class="score">7,3</span>' in html


def test_title_page_is_the_same_for_every_reader_and_sets_no_cookie(client, title_factory):
    """No CSRF token and no reader's vote in it: the vote form leads to the reader's own
    page (GET) and the script fetches both from there."""
    title = title_factory("Осенний свет")
    client.post(f"/titles/{title.slug}/vote/", {"value": 7})  # a reader with a vote
    response = client.get(title.get_absolute_url())
    assert not response.cookies
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "Ваша оценка: 7" not in html
    form = lxml_html.fromstring(html).xpath("//form[@id='vote']")[0]
    assert (form.get("method"), form.get("action")) == ("get", f"/titles/{title.slug}/vote/")
    assert form.xpath(".//input[@name='value']/@value") == [str(n) for n in range(1, 11)]
    assert "/static/polosa/vote.js" in html


@pytest.fixture
def reviewed_title(title_factory, article_factory, image_factory):
    title = title_factory("Часовщик", poster=image_factory("Часовщик"))
    for number in range(25):
        article = article_factory(f"Рецензия {number} «Часовщик»", kind="review")
        article.reviewed_title = title
        article.save()
    return title


def test_title_page_query_budget_cold(client, reviewed_title, django_assert_num_queries):
    """The title with its poster, the poster's renditions, the reviews with their cards."""
    client.post(f"/titles/{reviewed_title.slug}/vote/", {"value": 7})  # a reader with a vote
    client.get(reviewed_title.get_absolute_url())  # renditions are created on the first view
    with django_assert_num_queries(3):
        assert client.get(reviewed_title.get_absolute_url()).status_code == 200


def test_title_page_is_stored_and_a_warm_view_costs_no_query(
    client, reviewed_title, settings, django_assert_num_queries
):
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    url = reviewed_title.get_absolute_url()
    client.post(f"/titles/{reviewed_title.slug}/vote/", {"value": 7})  # a reader's cookie
    assert "polosa_reader" in client.cookies
    assert client.get(url)["X-Polosa-Cache"] == "miss"
    with django_assert_num_queries(0):
        warm = client.get(url)
    assert warm["X-Polosa-Cache"] == "hit"
    assert plain(warm.content.decode()).count("«Часовщик»") == 20  # the reviews listed


def test_title_page_declares_its_key_and_the_reviews(client, reviewed_title, settings):
    settings.POLOSA_SURROGATE_KEY_HEADER = "Surrogate-Key"
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    keys = client.get(reviewed_title.get_absolute_url())["Surrogate-Key"].split()
    assert f"title-{reviewed_title.pk}" in keys
    assert sum(key.startswith("article-") for key in keys) == 20  # the reviews it lists


@pytest.mark.parametrize("voted", ["11", "0", "abc", "", "7.5"])
def test_a_voted_value_the_site_never_links_is_the_plain_page(client, title_factory, voted):
    title = title_factory("Осенний свет")
    response = client.get(f"{title.get_absolute_url()}?voted={voted}")
    assert response.status_code == 302
    assert response["Location"] == title.get_absolute_url()


def test_unknown_title_is_404(client, db):
    assert client.get("/titles/net-takogo/").status_code == 404


def test_block_on_home_and_article_pages(client, many_titles, article_factory):
    article = article_factory("Новость о кино")
    for url in ("/", article.url):
        html = client.get(url).content.decode()
        assert 'class="ratings"' in html and 'class="ratings__cards"' in html
        assert '<span class="score">8,0</span> <a href="/titles/' in html
    assert "csrfmiddlewaretoken" not in html


def test_block_shows_no_score_without_enough_votes(client, title_factory, article_factory):
    title = title_factory("Соль и ветер", kind=Title.Kind.SERIES, season=2)
    rate(title, 9, 9)
    html = client.get(article_factory().url).content.decode()
    assert "Соль и ветер (2 сезон)</a>" in html
    assert '<span class="score">' not in html


def test_block_modes(rf, title_factory):
    from wagtail.models import Site

    from polosa.titles.block import block_cards

    first, second, third = (title_factory(f"Фильм {n}") for n in "АБВ")
    rate(second, *([9] * 10))
    request = rf.get("/")
    settings = RatingsSettings.for_site(Site.objects.get(is_default_site=True))
    assert block_cards(request)[0].name == "Фильм Б"  # top this month
    settings.mode = RatingsSettings.Mode.NEWEST
    settings.save()
    assert block_cards(request)[0].name == "Фильм В"
    settings.mode = RatingsSettings.Mode.PICKED
    settings.save()
    PickedTitle.objects.create(settings=settings, title=third, sort_order=0)
    PickedTitle.objects.create(settings=settings, title=first, sort_order=1)
    assert [card.name for card in block_cards(request)] == ["Фильм В", "Фильм А"]


def test_block_is_refreshed_by_a_vote(
    client, title_factory, article_factory, settings, django_capture_on_commit_callbacks
):
    settings.POLOSA_RATINGS_MIN_VOTES = 1
    title = title_factory("Отражение")
    article = article_factory()
    assert '<span class="score">' not in client.get(article.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        with_vote = client.post(f"/titles/{title.slug}/vote/", {"value": 6})
    assert with_vote.status_code == 303
    assert '<span class="score">6,0</span>' in client.get(article.url).content.decode()


def test_block_adds_no_queries_once_warm(client, many_titles, article_factory):
    article = article_factory("Новость для замера")
    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(article.url)
    assert not [q for q in queries.captured_queries if "titles_" in q["sql"]]


def test_cold_block_adds_at_most_three_queries(client, many_titles, article_factory):
    article = article_factory("Новость для холодного замера")
    client.get(article.url)
    taggedcache.store().purge([surrogate.RATINGS])
    with CaptureQueriesContext(connection) as queries:
        client.get(article.url)
    ours = [q for q in queries.captured_queries if "titles_" in q["sql"]]
    assert len(ours) <= 3


def test_a_review_shows_its_title_with_the_live_score_and_a_link_to_vote(
    client, article_factory, title_factory, django_capture_on_commit_callbacks
):
    from polosa.titles import services

    title = title_factory(name="Осенний свет", editorial_score=Decimal("7.0"))
    review = article_factory("Рецензия на фильм «Осенний свет»", kind="review")
    type(review).objects.filter(pk=review.pk).update(reviewed_title=title)
    card = lxml_html.fromstring(client.get(review.url).content.decode()).xpath(
        "//aside[@class='reviewed-title']"
    )[0]
    assert card.xpath("string(.//*[@class='reviewed-title__name'])") == "Осенний свет"
    assert card.xpath("string(.//*[@class='score'])") == "7,0"
    assert card.xpath(".//a/@href")[-1] == f"{title.get_absolute_url()}#vote"
    # The score is not part of the article's cached text: a change shows on the next page.
    type(title).objects.filter(pk=title.pk).update(editorial_score=Decimal("8.5"))
    services.title_changed(title.pk)
    assert '<span class="score">8,5</span>' in client.get(review.url).content.decode()


def test_other_articles_have_no_title_card(client, article_factory):
    assert (
        'class="reviewed-title"' not in client.get(article_factory("Новость").url).content.decode()
    )


def score_line(client, title) -> str:
    document = lxml_html.fromstring(client.get(title.get_absolute_url()).content)
    return " ".join(plain(document.xpath("string(//p[@class='title-card__score'])")).split())


@pytest.mark.parametrize(
    ("votes", "total", "said"),
    [
        (1, 9, "читатели: 9,0 — 1 голос (оценка читателей появится от 3 голосов)"),
        (2, 15, "читатели: 7,5 — 2 голоса (оценка читателей появится от 3 голосов)"),
    ],
)
def test_the_score_line_says_whose_score_it_is_in_russian_plurals(
    client, title_factory, settings, votes, total, said
):
    from decimal import Decimal

    settings.POLOSA_RATINGS_MIN_VOTES = 3
    title = title_factory(name="Маяк", editorial_score=Decimal("8.5"))
    type(title).objects.filter(pk=title.pk).update(votes_count=votes, votes_sum=total)
    assert score_line(client, title) == "8,5 оценка редакции; " + said


def test_enough_votes_make_it_the_readers_score(client, title_factory, settings):
    settings.POLOSA_RATINGS_MIN_VOTES = 3
    title = title_factory(name="Маяк")
    type(title).objects.filter(pk=title.pk).update(votes_count=21, votes_sum=168)
    assert score_line(client, title) == "8,0 оценка читателей — 21 голос"

"""Home, rubric, tag and author pages: what they list, pagination, errors and budgets."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from polosa.news.content import ensure_author
from polosa.news.listing import ARTICLES_PER_PAGE
from tests.core.pages import forget_page
from tests.text import plain

pytestmark = pytest.mark.django_db


def card_titles(response) -> list[str]:
    assert response.status_code == 200
    document = lxml_html.fromstring(response.content.decode())
    return [
        plain(title.text_content()).strip()
        for title in document.xpath(
            "//h2[@class='card__title'][not(ancestor::section[@class='rubric-block'])]"
        )
    ]


@pytest.fixture
def author(db):
    return ensure_author("Дмитрий Полозов")


@pytest.fixture
def hidden_articles(article_factory, rubric, author):
    """A draft, a scheduled and an unpublished article, all tagged and signed."""
    draft = article_factory("Черновик", rubric=rubric, live=False, authors=[author], tags=["тест"])
    scheduled = article_factory(
        "Запланированный", rubric=rubric, live=False, authors=[author], tags=["тест"]
    )
    revision = scheduled.save_revision()
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    revision = scheduled.save_revision()
    revision.publish()  # with go_live_at in the future this only schedules it
    unpublished = article_factory("Снятый с публикации", rubric=rubric, authors=[author],
                                  tags=["тест"])  # fmt: skip
    unpublished.unpublish()
    return [draft, scheduled, unpublished]


@pytest.fixture
def visible_article(article_factory, rubric, author):
    return article_factory("Опубликованный", rubric=rubric, authors=[author], tags=["тест"])


def test_home_shows_a_lead_story_and_the_latest_feed(client, article_factory, image_factory):
    article_factory("Старая новость", published_at=timezone.now() - timedelta(days=2))
    article_factory("Главная история", main_image=image_factory())
    article_factory("Свежая новость без фото")
    document = lxml_html.fromstring(client.get("/").content.decode())
    lead = document.xpath("string(//section[@class='lead-story']//h2)").strip()
    assert lead == "Главная история"
    feed = [t.strip() for t in document.xpath("//section[@class='latest']//h2/a/text()")]
    assert feed == ["Свежая новость без фото", "Старая новость"]
    meta = document.xpath("string(//section[@class='latest']//p[@class='meta'])")
    assert " — " in meta


def test_rubric_page_lists_only_its_own_articles(client, article_factory, rubrics):
    article_factory("Про кино", rubric=rubrics[2])
    article_factory("Про музыку", rubric=rubrics[1])
    assert card_titles(client.get("/kino/")) == ["Про кино"]


def test_tag_and_author_pages(client, article_factory, author):
    article_factory("С тегом и автором", tags=["премьеры"], authors=[author])
    article_factory("Без тега")
    from taggit.models import Tag

    tag = Tag.objects.get(name="премьеры")
    assert card_titles(client.get(f"/tags/{tag.slug}/")) == ["С тегом и автором"]
    assert card_titles(client.get(author.get_absolute_url())) == ["С тегом и автором"]


@pytest.mark.parametrize("url", ["/", "/novosti/", "TAG", "AUTHOR"])
def test_nothing_hidden_leaks_into_any_listing(
    client, url, hidden_articles, visible_article, author
):
    if url == "TAG":
        url = f"/tags/{visible_article.tags.first().slug}/"
    elif url == "AUTHOR":
        url = author.get_absolute_url()
    titles = card_titles(client.get(url))
    assert "Опубликованный" in titles
    assert not {"Черновик", "Запланированный", "Снятый с публикации"} & set(titles)


def test_hidden_articles_are_404_for_a_reader_and_absent_from_read_also(
    client, hidden_articles, visible_article
):
    for article in hidden_articles:
        assert client.get(f"/novosti/{article.slug}/").status_code == 404
    page = client.get(visible_article.url).content.decode()
    for article in hidden_articles:
        assert article.title not in page


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "99999", "1.5", "2" * 40, "%00"])
@pytest.mark.parametrize("url", ["/", "/novosti/", "AUTHOR"])
def test_bad_page_numbers_give_a_404_never_a_500(client, url, bad, article_factory, author):
    article_factory("Единственный", authors=[author])
    if url == "AUTHOR":
        url = author.get_absolute_url()
    response = client.get(url, {"page": bad})
    assert response.status_code == 404


def test_pagination_walks_through_every_article_once(client, article_factory, rubrics):
    for number in range(ARTICLES_PER_PAGE + 5):
        article_factory(f"Новость {number}", rubric=rubrics[0])
    first = card_titles(client.get("/novosti/"))
    second = card_titles(client.get("/novosti/", {"page": "2"}))
    assert len(first) == ARTICLES_PER_PAGE and len(second) == 5
    assert not set(first) & set(second)
    assert client.get("/novosti/", {"page": "3"}).status_code == 404


@pytest.mark.parametrize("first_visit", ["1", "2"])
def test_home_pages_show_the_lead_once_and_every_article_once(
    client, article_factory, image_factory, rubrics, first_visit
):
    picture = image_factory()
    total = ARTICLES_PER_PAGE + 2  # the lead, a full first page, one on the second
    for number in range(total):
        article_factory(f"Новость {number}", main_image=picture if number % 3 == 0 else None)
    pages = {first_visit: card_titles(client.get("/", {"page": first_visit}))}
    for number in ("1", "2"):
        pages.setdefault(number, card_titles(client.get("/", {"page": number})))
    shown = pages["1"] + pages["2"]
    assert len(shown) == len(set(shown)) == total
    assert len(pages["2"]) == 1
    assert client.get("/", {"page": "3"}).status_code == 404


def test_unknown_urls_get_the_styled_404(client, rubrics):
    for url in ["/net-takoy-stranitsy/", "/novosti/net-takoy/", "/authors/nikto/", "/tags/x/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Страница не найдена" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    ("url", "queries"), [("/", 4), ("/novosti/", 4), ("TAG", 3), ("AUTHOR", 3)]
)
def test_listing_pages_stay_within_budget_whatever_the_count(
    client, url, queries, count, article_factory, image_factory, rubrics, author,
    django_assert_num_queries,
):  # fmt: skip
    images = [image_factory(), image_factory()]
    for number in range(count):
        article_factory(
            f"Новость {number}",
            rubric=rubrics[0],
            main_image=images[number % 2],
            authors=[author],
            tags=["бюджет"],
        )
    if url == "TAG":
        from taggit.models import Tag

        url = f"/tags/{Tag.objects.get(name='бюджет').slug}/"
    elif url == "AUTHOR":
        url = author.get_absolute_url()
    client.get(url)  # renditions are created on the first view ever
    forget_page(url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_a_restricted_rubric_and_its_articles_ask_for_the_password(
    client, article_factory, rubrics
):
    """Restrictions come from a cached list; adding one takes effect at once."""
    from wagtail.models import PageViewRestriction

    article = article_factory("Только для подписчиков", rubric=rubrics[3])
    assert client.get(rubrics[3].url).status_code == 200
    PageViewRestriction.objects.create(
        page=rubrics[3], restriction_type=PageViewRestriction.PASSWORD, password="секрет"
    )
    for url in (rubrics[3].url, article.url):
        page = plain(client.get(url).content.decode())
        assert 'type="password"' in page, url
        assert "Только для подписчиков" not in page, url
    assert "Только для подписчиков" not in plain(client.get("/").content.decode())
    assert client.get(rubrics[0].url).status_code == 200


SECRET_TAG = "отставка-министра"


def hide(article, state: str, rubric) -> None:
    """Put a published ``article`` in one of the states readers never see."""
    from django.core.management import call_command
    from wagtail.models import PageViewRestriction

    if state == "unpublished":
        article.unpublish()
    elif state == "restricted":
        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="эмбарго"
        )
    elif state == "expired":
        article.expire_at = timezone.now() - timedelta(minutes=1)
        article.save_revision().publish()
        call_command("publish_scheduled")  # what polosa worker runs
    article.refresh_from_db()


@pytest.fixture(params=["draft", "scheduled", "unpublished", "restricted", "expired"])
def secret_tag_slug(request, article_factory, rubric):
    """The slug of a tag whose only article is hidden, in each way an article can be."""
    from taggit.models import Tag

    state = request.param
    if state == "draft":
        article_factory("Министр уходит", rubric=rubric, live=False, tags=[SECRET_TAG])
    elif state == "scheduled":
        article = article_factory("Министр уходит", rubric=rubric, live=False, tags=[SECRET_TAG])
        article.go_live_at = timezone.now() + timedelta(days=1)
        article.save_revision().publish()  # with go_live_at in the future this only schedules it
    else:
        hide(article_factory("Министр уходит", rubric=rubric, tags=[SECRET_TAG]), state, rubric)
    article_factory("Открытая новость", rubric=rubric, tags=["открытый"])
    from polosa.news.listing import published_articles

    assert not published_articles().filter(title="Министр уходит").exists()
    return Tag.objects.get(name=SECRET_TAG).slug


@pytest.mark.parametrize(
    "url", ["/tags/{}/", "/feeds/rss/tags/{}/", "/feeds/atom/tags/{}/", "/feeds/json/tags/{}/"]
)
def test_a_tag_of_hidden_articles_only_is_a_404_exactly_like_a_tag_that_does_not_exist(
    client, secret_tag_slug, url
):
    """Guessing a tag (an embargoed story's #отставка-министра) must confirm nothing."""
    from taggit.models import Tag

    url = url.format(secret_tag_slug)
    hidden = client.get(url)
    Tag.objects.filter(slug=secret_tag_slug).delete()
    unknown = client.get(url)
    assert (hidden.status_code, unknown.status_code) == (404, 404)
    assert hidden.content == unknown.content
    assert hidden["Content-Type"] == unknown["Content-Type"]
    assert "министр" not in hidden.content.decode().lower()


def test_a_tag_shows_again_once_one_of_its_articles_is_published(client, article_factory, rubric):
    from taggit.models import Tag

    article = article_factory("Министр уходит", rubric=rubric, live=False, tags=[SECRET_TAG])
    url = f"/tags/{Tag.objects.get(name=SECRET_TAG).slug}/"
    assert client.get(url).status_code == 404
    article.save_revision().publish()
    assert card_titles(client.get(url)) == ["Министр уходит"]
    assert client.get(url.replace("/tags/", "/feeds/rss/tags/")).status_code == 200

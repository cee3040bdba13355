"""An article's own text is rendered once per revision, stored under the keys of what it
shows, and reused across page misses; never shown stale: not after an edit, a registry or
people change, nor to editors."""

import pytest
from wagtail.rich_text import RichText

from polosa.core import surrogate, taggedcache
from polosa.news.content import ensure_author
from tests.core.pages import forget_page
from tests.text import plain

pytestmark = pytest.mark.django_db


def body_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def article(article_factory):
    return article_factory(
        "Оркестр сыграл на крыше",
        body=[("paragraph", RichText("<p>Первая версия текста.</p>"))],
    )


def count_text_renders(monkeypatch) -> list:
    from polosa import legal

    renders = []
    original = legal.label_article

    def counting(*args, **kwargs):
        renders.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(legal, "label_article", counting)
    return renders


def test_publishing_another_article_keeps_the_page_but_refreshes_read_also(
    client, article, article_factory, monkeypatch
):
    body_of(client, article.url)
    newcomer = article_factory("Свежая новость про фестиваль", live=False)
    newcomer.save_revision().publish()
    renders = count_text_renders(monkeypatch)
    response = client.get(article.url)
    page = response.content.decode()
    assert renders == []
    assert response["X-Polosa-Cache"] == "hit"  # the page itself was not purged
    assert "Свежая новость про фестиваль" in page  # "Читайте также" is its own fragment
    assert "Первая версия текста." in page


def test_a_published_edit_shows_at_once(client, article):
    assert "Первая версия текста." in body_of(client, article.url)
    article.body = [("paragraph", RichText("<p>Исправленная версия.</p>"))]
    article.save_revision().publish()
    page = body_of(client, article.url)
    assert "Исправленная версия." in page
    assert "Первая версия текста." not in page


def test_a_renamed_author_shows_at_once(client, article_factory):
    author = ensure_author("Ольга Пряхина")
    article = article_factory("Интервью с дирижёром", authors=[author])
    assert "Ольга Пряхина" in body_of(client, article.url)
    author.name = "Ольга Пряхина-Светлова"
    author.save()
    assert "Ольга Пряхина-Светлова" in body_of(client, article.url)


def test_the_text_is_rendered_again_only_when_one_of_its_keys_is_purged(
    client, article, monkeypatch
):
    body_of(client, article.url)
    renders = count_text_renders(monkeypatch)
    taggedcache.store().purge([surrogate.RATINGS, surrogate.LISTING_SITE])
    forget_page(article.url)
    body_of(client, article.url)
    assert renders == []
    taggedcache.store().purge([surrogate.article(article.pk)])
    body_of(client, article.url)
    assert renders == [1]


def test_editors_always_get_freshly_rendered_text(client, admin_client, article):
    body_of(client, article.url)
    # A change that bypasses revisions and signals: only a fresh render can show it.
    type(article).objects.filter(pk=article.pk).update(lead="Лид, который видят редакторы.")
    assert "Лид, который видят редакторы." in body_of(admin_client, article.url)


def test_previews_are_never_served_from_or_stored_in_the_text_cache(rf, article):
    from polosa.news.templatetags.news_tags import article_text_name

    reader = rf.get(article.url)
    preview = rf.get(article.url)
    preview.is_preview = True
    assert article_text_name(article, reader) is not None
    assert article_text_name(article, preview) is None


def test_a_new_year_renders_the_text_anew_so_dates_gain_their_year(rf, article, monkeypatch):
    from datetime import date

    from django.utils import timezone

    from polosa.news.templatetags.news_tags import article_text_name

    request = rf.get(article.url)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 12, 31))
    december = article_text_name(article, request)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2027, 1, 1))
    assert article_text_name(article, request) != december


def test_listing_cards_are_reused_until_their_article_changes(client, admin_client, article):
    assert "Оркестр сыграл на крыше" in plain(body_of(client, "/"))
    # A change that bypasses revisions: only a fresh render could show it.
    type(article).objects.filter(pk=article.pk).update(title="Тайно переименован")
    taggedcache.store().purge([surrogate.LISTING_SITE])  # another article published
    assert "Оркестр сыграл на крыше" in plain(body_of(client, "/"))  # the cached card
    assert "Тайно переименован" in plain(body_of(admin_client, "/"))  # editors: fresh
    article.refresh_from_db()
    article.title = "Оркестр сыграл на мосту"
    article.save_revision().publish()
    assert "Оркестр сыграл на мосту" in plain(body_of(client, "/"))


def test_a_renamed_rubric_shows_on_every_cached_card(client, article, rubrics):
    rubric = article.get_parent().specific
    body_of(client, "/")
    rubric.title = "Городская жизнь"
    rubric.save_revision().publish()
    assert ">Городская жизнь</a> —" in plain(body_of(client, "/"))

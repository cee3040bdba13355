"""Moving, renaming and deleting pages: readers see the new tree at once, restrictions
follow the pages they protect, and the admin's privacy dialog works on every page type."""

import pytest
from wagtail.models import PageViewRestriction

from tests.text import plain

pytestmark = pytest.mark.django_db


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return plain(response.content.decode())


def test_a_moved_article_shows_its_new_rubric_and_its_old_url_redirects(
    client, article_factory, rubrics
):
    news, music = rubrics[0], rubrics[1]
    article = article_factory("Группа объявила тур", rubric=news)
    old_url = article.url
    assert f'class="article__rubric" href="{news.url}"' in text_of(client, old_url)
    article.move(music, pos="last-child")
    article.refresh_from_db()
    moved = client.get(old_url)
    assert (moved.status_code, moved["Location"]) == (301, article.url)
    page = text_of(client, article.url)
    assert f'class="article__rubric" href="{music.url}">{music.title}</a>' in page


def test_a_renamed_rubric_slug_serves_its_articles_at_the_new_address(
    client, article_factory, rubrics
):
    rubric = rubrics[2]
    article = article_factory("Премьера недели", rubric=rubric)
    text_of(client, article.url)
    rubric.slug = "kino-i-serialy"
    rubric.save_revision().publish()
    article.refresh_from_db()
    assert article.url.startswith("/kino-i-serialy/")
    assert "Премьера недели" in text_of(client, article.url)


def test_restrictions_follow_their_rubric_when_rubrics_are_reordered(
    client, article_factory, rubrics
):
    first, last = rubrics[0], rubrics[-1]
    closed = article_factory("Закрытый материал", rubric=last)
    open_article = article_factory("Открытый материал", rubric=first)
    PageViewRestriction.objects.create(
        page=last, restriction_type=PageViewRestriction.PASSWORD, password="секрет"
    )
    assert 'type="password"' in text_of(client, closed.url)  # the restriction list is cached
    last.move(first, pos="left")  # the editors drag the closed rubric to the top
    closed.refresh_from_db()
    open_article.refresh_from_db()
    assert 'type="password"' in text_of(client, closed.url)
    assert "Открытый материал" in text_of(client, open_article.url)


def test_a_deleted_article_disappears_from_cached_listings(client, article_factory, rubrics):
    article = article_factory("Снятый материал", rubric=rubrics[0])
    assert "Снятый материал" in text_of(client, "/")
    article.delete()
    assert "Снятый материал" not in text_of(client, "/")


def test_the_privacy_dialog_opens_for_home_rubric_and_article(
    admin_client, article_factory, rubrics
):
    article = article_factory("Материал для приватности", rubric=rubrics[0])
    for page in (rubrics[0].get_parent(), rubrics[0], article):
        response = admin_client.get(f"/admin/pages/{page.pk}/privacy/")
        assert response.status_code == 200, page

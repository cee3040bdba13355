"""«Читайте также»: the newest other articles, one shared fragment for the archive."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db

ESI = {"HTTP_SURROGATE_CAPABILITY": 'varnish="ESI/1.0"'}


@pytest.fixture
def archive(article_factory):
    now = timezone.now()
    return [
        article_factory(f"Новость архива {number}", published_at=now - timedelta(hours=number))
        for number in range(10)
    ]


def test_the_newest_articles_leave_themselves_out_with_a_fragment_of_their_own(client, archive):
    newest = archive[0]
    body = client.get(newest.url, **ESI).content.decode()
    assert f'<esi:include src="/_fragments/article-aside/{newest.pk}/"/>' in body
    document = lxml_html.fromstring(client.get(newest.url).content)
    titles = document.xpath("//aside[contains(@class,'read-also')]//li/a/text()")
    assert titles == [f"Новость архива {number}" for number in range(1, 7)]


def test_older_articles_share_one_fragment(client, archive):
    for article in archive[7:]:
        body = client.get(article.url, **ESI).content.decode()
        assert '<esi:include src="/_fragments/article-aside/"/>' in body


def test_a_publication_renders_the_shared_fragment_once_for_every_older_article(
    client, archive, article_factory, django_assert_num_queries
):
    old = archive[7:]
    for article in old:
        client.get(article.url)
    article_factory("Самая свежая новость", published_at=timezone.now())
    with django_assert_num_queries(1):  # the newest articles, read once
        pages = [client.get(article.url) for article in old]
    assert all(page["X-Polosa-Cache"] == "hit" for page in pages)
    assert all("Самая свежая новость" in page.content.decode() for page in pages)

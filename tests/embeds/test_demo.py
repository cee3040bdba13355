"""The demo's article with embeds, a table and cards renders, once however often the demo
runs."""

from __future__ import annotations

import pytest

from polosa.embeds import demo
from polosa.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_the_demo_article_shows_every_new_block_once(client, rubrics):
    demo.populate()
    demo.populate()
    (article,) = ArticlePage.objects.filter(title__startswith="Фестиваль уличной музыки")
    page = client.get(article.url).content.decode()
    assert page.count("data-lazy-embed-markup") == 2
    assert page.count('class="body-table"') == 1
    assert "body-card--qa" in page and "body-card--facts" in page

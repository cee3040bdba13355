"""A live blog is one item of the feeds and lists, updated in place: an entry moves its
``updated`` time and purges the lists that show it, and nothing else."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def json_feed(client) -> dict:
    response = client.get("/feeds/json/")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_blog_is_one_feed_item_whose_modified_time_follows_its_entries(
    client, settings, blog, add_entry, django_capture_on_commit_callbacks
):
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    url = f"https://polosa.example{blog.url}"
    settings.POLOSA_BASE_URL = "https://polosa.example"
    before = [item for item in json_feed(client)["items"] if item["url"] == url]
    assert len(before) == 1
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            add_entry(f"Запись {number}")
    after = [item for item in json_feed(client)["items"] if item["url"] == url]
    assert len(after) == 1 and after[0]["id"] == before[0]["id"]
    assert after[0]["date_modified"] > before[0]["date_modified"]
    assert after[0]["date_published"] == before[0]["date_published"]


def test_an_entry_purges_the_lists_showing_the_blog_and_not_other_pages(
    client, settings, rubrics, blog_factory, article_factory, django_capture_on_commit_callbacks
):
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    now = timezone.now()
    blog = blog_factory(rubric=rubrics[0], published_at=now - timedelta(minutes=5))
    article = article_factory("Соседняя новость", rubric=rubrics[1], published_at=now)
    other_rubric = rubrics[2]
    pages = ["/", blog.url, article.url, other_rubric.url, rubrics[0].url]
    for path in pages:
        assert client.get(path)["X-Polosa-Cache"] == "miss", path
    from polosa.live import services

    from .conftest import paragraph

    with django_capture_on_commit_callbacks(execute=True):
        services.add_entry(blog, body=paragraph("Новая запись."))
    states = {path: client.get(path)["X-Polosa-Cache"] for path in pages}
    assert states == {
        "/": "miss",  # its card is on the home page
        blog.url: "miss",
        rubrics[0].url: "miss",  # and in its rubric
        article.url: "hit",
        other_rubric.url: "hit",
    }


def sitemap_index_date(client) -> str:
    from lxml import etree

    root = etree.fromstring(client.get("/sitemap.xml").content)
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    [lastmod] = root.xpath(
        "//sm:sitemap[contains(sm:loc, 'sitemap-articles.xml')]/sm:lastmod", namespaces=namespace
    )
    return lastmod.text


@pytest.mark.parametrize("write", ["add", "edit", "delete"])
def test_an_entry_dates_the_blogs_sitemap_file_again(
    client, blog, add_entry, write_entry, write, django_capture_on_commit_callbacks
):
    """The sitemap index dates the article file by its newest change: an entry moves the
    blog's «обновлено» without a publication, and the file's date follows it."""
    with django_capture_on_commit_callbacks(execute=True):
        entry = add_entry("Первая запись", minutes_ago=5)
    before = sitemap_index_date(client)
    with django_capture_on_commit_callbacks(execute=True):
        write_entry(write, entry)
    blog.refresh_from_db()
    after = sitemap_index_date(client)
    assert after > before
    assert after == timezone.localtime(blog.updated_at).isoformat()

"""The poll endpoint: the entries a reader does not have yet, as JSON, cached under the
blog's keys with a short life at the edge and an ETag, purged by the next entry."""

from __future__ import annotations

import json

import pytest

from .conftest import UNCERTAIN

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    settings.POLOSA_SURROGATE_KEY_HEADER = "Surrogate-Key"


def poll_url(blog, after: int = 0) -> str:
    return f"/_fragments/live/{blog.pk}/after/{after}/"


def poll(client, blog, after: int = 0, **headers):
    response = client.get(poll_url(blog, after), **headers)
    return response, (json.loads(response.content) if response.status_code == 200 else None)


def test_only_entries_after_the_readers_newest_are_sent(client, blog, add_entry):
    first = add_entry("Первая", minutes_ago=3)
    second = add_entry("Вторая", minutes_ago=2)
    third = add_entry("Третья", minutes_ago=1, key_event=True, title="Главное")
    _, data = poll(client, blog, after=first.pk)
    assert [entry["id"] for entry in data["entries"]] == [third.pk, second.pk]
    assert data["latest"] == third.pk and data["status"] == "live"
    newest = data["entries"][0]
    assert newest["anchor"] == third.anchor and newest["key_event"] is True
    assert newest["title_html"] == "Главное"
    assert f'id="{third.anchor}"' in newest["html"] and "Третья" in newest["html"]


def test_a_reader_with_everything_gets_nothing_new(client, blog, add_entry):
    entry = add_entry("Единственная")
    _, data = poll(client, blog, after=entry.pk)
    assert data == {"status": "live", "latest": entry.pk, "entries": []}


def test_the_answer_is_cached_under_the_blogs_keys_with_a_short_edge_life(client, blog, add_entry):
    add_entry("Запись")
    response, _ = poll(client, blog)
    assert response["X-Polosa-Cache"] == "miss"
    control = response["Cache-Control"]
    assert "public" in control and "max-age=0" in control and "s-maxage=10" in control
    keys = set(response["Surrogate-Key"].split())
    assert {f"article-{blog.pk}", f"live-{blog.pk}"} <= keys
    assert response["Content-Type"].startswith("application/json")
    again, _ = poll(client, blog)
    assert again["X-Polosa-Cache"] == "hit"


def test_a_conditional_request_for_an_unchanged_answer_gets_304(client, blog, add_entry):
    add_entry("Запись")
    response, _ = poll(client, blog)
    etag = response["ETag"]
    assert etag.startswith('"')
    unchanged = client.get(poll_url(blog), HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged["ETag"] == etag
    assert unchanged.content == b""


def test_a_new_entry_purges_the_answer(client, blog, add_entry, django_capture_on_commit_callbacks):
    first = add_entry("Раньше")
    response, _ = poll(client, blog, after=first.pk)
    with django_capture_on_commit_callbacks(execute=True):
        newer = add_entry("Позже")
    fresh, data = poll(client, blog, after=first.pk)
    assert fresh["X-Polosa-Cache"] == "miss" and fresh["ETag"] != response["ETag"]
    assert [entry["id"] for entry in data["entries"]] == [newer.pk]


def test_another_blogs_entry_leaves_the_answer_cached(
    client, blog, blog_factory, add_entry, django_capture_on_commit_callbacks
):
    other = blog_factory("Другая трансляция")
    add_entry("Запись")
    poll(client, blog)
    with django_capture_on_commit_callbacks(execute=True):
        add_entry("Чужая запись", target=other)
    response, _ = poll(client, blog)
    assert response["X-Polosa-Cache"] == "hit"


def test_an_entry_waiting_for_the_legal_reviewer_is_not_sent(client, blog, add_entry, orlov):
    shown = add_entry("Спокойная запись", minutes_ago=2)
    add_entry(UNCERTAIN, minutes_ago=1)
    _, data = poll(client, blog)
    assert [entry["id"] for entry in data["entries"]] == [shown.pk]


@pytest.mark.parametrize(
    "path",
    [
        "/_fragments/live/999999/after/0/",
        "/_fragments/live/abc/after/0/",
        "/_fragments/live/1/after/-1/",
    ],
)
def test_unknown_blogs_and_malformed_paths_are_404(client, blog, path):
    assert client.get(path).status_code == 404


def test_an_unpublished_blog_is_404(client, blog, add_entry):
    add_entry("Запись")
    blog.unpublish()
    assert client.get(poll_url(blog)).status_code == 404

"""The poll endpoint: what changed in a live blog after the version a reader shows (new and
edited entries, the ids of deleted ones), as JSON, cached under the blog's keys with a short
life at the edge and an ETag, purged by the next write, one URL for every reader who is up
to date."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from polosa.live import selectors, services

from .conftest import UNCERTAIN, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    settings.POLOSA_SURROGATE_KEY_HEADER = "Surrogate-Key"


def poll_url(blog, since: int = 0) -> str:
    return f"/_fragments/live/{blog.pk}/since/{since}/"


def poll(client, blog, since: int = 0, **headers):
    response = client.get(poll_url(blog, since), **headers)
    return response, (json.loads(response.content) if response.status_code == 200 else None)


def version_of(blog) -> int:
    return selectors.reader_view(blog).version


def test_entries_written_after_the_readers_version_are_sent_newest_first(client, blog, add_entry):
    add_entry("Первая", minutes_ago=3)
    seen = version_of(blog)
    second = add_entry("Вторая", minutes_ago=2)
    third = add_entry("Третья", minutes_ago=1, key_event=True, title="Главное")
    _, data = poll(client, blog, since=seen)
    assert [entry["id"] for entry in data["entries"]] == [third.pk, second.pk]
    assert data["version"] == version_of(blog) > seen
    assert data["status"] == "live" and data["complete"] is True and data["removed"] == []
    newest = data["entries"][0]
    assert newest["anchor"] == third.anchor and newest["key_event"] is True
    assert newest["at"] == int(third.shown_at.timestamp())
    assert f'id="{third.anchor}"' in newest["html"] and "Третья" in newest["html"]
    assert f'href="#{third.anchor}"' in newest["summary_html"]
    assert "Главное" in newest["summary_html"]
    assert data["entries"][1]["summary_html"] == ""


def test_a_reader_with_everything_gets_nothing_new(client, blog, add_entry):
    add_entry("Единственная")
    seen = version_of(blog)
    _, data = poll(client, blog, since=seen)
    assert data == {
        "status": "live",
        "version": seen,
        "complete": True,
        "entries": [],
        "removed": [],
        "people": [],
    }


def test_an_edited_entry_is_sent_again_with_its_new_text_title_and_flag(client, blog, add_entry):
    entry = add_entry("Черновик", title="Было")
    seen = version_of(blog)
    entry.title, entry.key_event = "Стало", True
    entry.body = paragraph("Исправленный текст")
    services.save_entry(entry)
    _, data = poll(client, blog, since=seen)
    [sent] = data["entries"]
    assert sent["id"] == entry.pk and sent["key_event"] is True
    assert "Исправленный текст" in sent["html"] and "Стало" in sent["html"]
    assert "Стало" in sent["summary_html"]
    entry.key_event = False
    services.save_entry(entry)
    _, data = poll(client, blog, since=data["version"])
    [sent] = data["entries"]
    assert sent["key_event"] is False and sent["summary_html"] == ""


def test_a_deleted_entry_is_named_in_removed(client, blog, add_entry):
    kept = add_entry("Остаётся", minutes_ago=2)
    gone = add_entry("Ошибочная", minutes_ago=1)
    seen = version_of(blog)
    gone_id = gone.pk
    services.delete_entry(gone)
    _, data = poll(client, blog, since=seen)
    assert data["removed"] == [gone_id] and data["entries"] == []
    assert data["version"] > seen
    _, from_start = poll(client, blog, since=0)
    assert [entry["id"] for entry in from_start["entries"]] == [kept.pk]
    assert from_start["removed"] == [gone_id]


def test_an_edit_that_needs_the_legal_reviewer_takes_the_entry_away(client, blog, add_entry, orlov):
    entry = add_entry("Спокойная запись")
    seen = version_of(blog)
    entry.body = paragraph(UNCERTAIN)
    services.save_entry(entry)
    _, data = poll(client, blog, since=seen)
    assert data["entries"] == [] and data["removed"] == [entry.pk]


def test_a_legal_decision_sends_the_released_entry(
    client, blog, add_entry, orlov, django_capture_on_commit_callbacks
):
    from polosa.legal import gate
    from polosa.legal.models import MentionReview

    shown = add_entry("Митинг начался.", minutes_ago=5)
    held = add_entry(UNCERTAIN, minutes_ago=1)
    seen = version_of(blog)
    _, before = poll(client, blog, since=seen)
    assert before["entries"] == []
    with django_capture_on_commit_callbacks(execute=True):
        gate.decide(MentionReview.objects.get(article_id=blog.pk), "confirmed", None)
    _, data = poll(client, blog, since=seen)
    assert [entry["id"] for entry in data["entries"]] == [held.pk, shown.pk]
    assert "Орлов*" in data["entries"][0]["html"]


def test_more_changes_than_one_answer_holds_ask_the_reader_to_reload(
    client, blog, add_entry, monkeypatch
):
    monkeypatch.setattr(selectors, "POLL_LIMIT", 2)
    for number in range(3):
        add_entry(f"Запись {number}", minutes_ago=number)
    _, data = poll(client, blog, since=0)
    assert data["complete"] is False and data["entries"] == [] and data["version"] == 0


def test_every_reader_who_is_up_to_date_asks_for_the_same_cached_url(client, blog, add_entry):
    add_entry("Запись")
    seen = version_of(blog)
    first, _ = poll(client, blog, since=seen)
    second, _ = poll(client, blog, since=seen)
    assert (first["X-Polosa-Cache"], second["X-Polosa-Cache"]) == ("miss", "hit")


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


@pytest.mark.parametrize("write", ["add", "edit", "delete"])
def test_every_write_purges_the_answer(
    client, blog, add_entry, write_entry, write, django_capture_on_commit_callbacks
):
    entry = add_entry("Раньше")
    seen = version_of(blog)
    response, _ = poll(client, blog, since=seen)
    with django_capture_on_commit_callbacks(execute=True):
        write_entry(write, entry)
    fresh, data = poll(client, blog, since=seen)
    assert fresh["X-Polosa-Cache"] == "miss" and fresh["ETag"] != response["ETag"]
    assert data["version"] == seen + 1


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
    held = add_entry(UNCERTAIN, minutes_ago=1)
    _, data = poll(client, blog)
    assert [entry["id"] for entry in data["entries"]] == [shown.pk]
    assert data["removed"] == [held.pk]  # a reader who somehow has it takes it away


@pytest.mark.parametrize("count", [1, 4, 12])
def test_a_poll_that_misses_costs_the_same_queries_however_many_changes(
    client, blog, add_entry, count, django_assert_num_queries
):
    seen = version_of(blog)
    add_entry("Разогрев")
    poll(client, blog, since=seen)  # the site, rubrics and settings are remembered
    start = version_of(blog)
    for number in range(count):
        add_entry(f"Запись {number}", minutes_ago=number, key_event=number % 3 == 0)
    with django_assert_num_queries(POLL_QUERIES):
        response, data = poll(client, blog, since=start)
    assert response["X-Polosa-Cache"] == "miss" and len(data["entries"]) == count


#: A poll the page cache misses: the blog (live, public, its status), the entries written
#: after the version with their authors, the entries deleted after it, the people
#: directory's names (for the people the entries name; none found: no more). A hit costs
#: none.
POLL_QUERIES = 4


def test_people_named_in_new_entries_are_sent_for_the_block_under_the_blog(client, blog, add_entry):
    from polosa.people.models import Person

    vera = Person.objects.create(name="Вера Полозова", registry_name="Полозова Вера", slug="vera")
    Person.objects.create(name="Лев Угрюмов", registry_name="Угрюмов Лев", slug="lev")
    seen = version_of(blog)
    add_entry("На сцену вышла Вера Полозова.")
    _, data = poll(client, blog, since=seen)
    assert data["people"] == [{"name": "Вера Полозова", "url": vera.get_absolute_url()}]


def test_a_poll_with_nothing_new_names_nobody(client, blog, add_entry):
    from polosa.people.models import Person

    Person.objects.create(name="Вера Полозова", registry_name="Полозова Вера", slug="vera")
    add_entry("На сцену вышла Вера Полозова.")
    _, data = poll(client, blog, since=version_of(blog))
    assert data["entries"] == [] and data["people"] == []


def test_a_poll_answered_from_the_cache_costs_no_query(
    client, blog, add_entry, django_assert_num_queries
):
    add_entry("Запись")
    poll(client, blog)
    with django_assert_num_queries(0):
        response, _ = poll(client, blog)
    assert response["X-Polosa-Cache"] == "hit"


def test_an_entry_of_today_is_kept_no_later_than_midnight(client, blog, add_entry):
    entry = add_entry("Сегодня вечером")
    response, data = poll(client, blog)
    today = timezone.localdate(entry.shown_at)
    assert f"day-{today.isoformat()}" in response["Surrogate-Key"].split()
    midnight = timezone.make_aware(
        timezone.datetime.combine(today + timedelta(days=1), timezone.datetime.min.time())
    )
    left = (midnight - timezone.now()).total_seconds()
    shared = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert shared <= min(10, left + 1)


@pytest.mark.parametrize(
    "path",
    [
        "/_fragments/live/999999/since/0/",
        "/_fragments/live/abc/since/0/",
        "/_fragments/live/1/since/-1/",
        "/_fragments/live/1/since/1234567890123456789012/",
    ],
)
def test_unknown_blogs_and_malformed_paths_are_404(client, blog, path):
    assert client.get(path).status_code == 404


def test_an_unpublished_blog_is_404(client, blog, add_entry):
    add_entry("Запись")
    blog.unpublish()
    assert client.get(poll_url(blog)).status_code == 404


def test_a_blog_behind_a_view_restriction_is_404(client, blog, add_entry):
    from wagtail.models import PageViewRestriction

    add_entry("Запись")
    PageViewRestriction.objects.create(page=blog, restriction_type="login")
    assert client.get(poll_url(blog)).status_code == 404

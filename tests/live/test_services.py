"""Entries are rows of their own, written through live.services: each write purges exactly
the blog's page (with what shows it) and its entries fragment, never republishes the page,
and two editors adding at once both keep theirs."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from polosa.live import services
from polosa.live.models import LiveEntry, RemovedEntry

from ..conftest import requires_postgres
from .conftest import paragraph


def exact_keys(blog) -> set[str]:
    return {f"article-{blog.pk}", f"live-{blog.pk}"}


#: Once the entry is committed, the blog's sitemap block is dated again and the index that
#: shows its date is purged (cheap: it reads the blocks).
SITEMAP_DATES = "sitemap-dates"


@pytest.mark.django_db
def test_adding_an_entry_purges_the_blog_page_and_its_fragment_only(
    blog, purged, django_capture_on_commit_callbacks
):
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_entry(blog, body=paragraph("Открылись двери."), title="Начало")
    assert purged.keys == exact_keys(blog) | {SITEMAP_DATES}


@pytest.mark.django_db
def test_editing_an_entry_purges_the_same_keys(blog, add_entry, purged):
    entry = add_entry("Черновая запись")
    purged.clear()
    entry.title = "Исправлено"
    services.save_entry(entry)
    assert purged.keys == exact_keys(blog)


@pytest.mark.django_db
def test_deleting_an_entry_purges_the_same_keys(blog, add_entry, purged):
    entry = add_entry("Лишняя запись")
    purged.clear()
    services.delete_entry(entry)
    assert purged.keys == exact_keys(blog)
    assert not LiveEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_an_entry_does_not_make_a_revision_of_the_page(blog, add_entry):
    revisions = blog.revisions.count()
    add_entry("Запись без публикации страницы")
    blog.refresh_from_db()
    assert blog.revisions.count() == revisions
    assert blog.live and not blog.has_unpublished_changes


@pytest.mark.django_db
def test_an_entry_moves_the_blogs_update_time(blog, add_entry):
    entry = add_entry("Свежая запись")
    blog.refresh_from_db()
    assert blog.updated_at == entry.updated_at


@pytest.mark.django_db
def test_republishing_an_old_revision_keeps_the_update_time_of_the_newest_entry(blog, add_entry):
    revision = blog.save_revision()
    entry = add_entry("Запись после ревизии")
    revision.publish()
    blog.refresh_from_db()
    assert blog.updated_at >= entry.updated_at


@pytest.mark.django_db
def test_entries_get_the_newsrooms_typography(blog):
    entry = services.add_entry(
        blog, title='Мэр: "всё идёт по плану"', body=paragraph("Сказал он - и ушёл.")
    )
    entry.refresh_from_db()
    assert entry.title == "Мэр: «всё идёт по\u00a0плану»"
    assert "—" in entry.body.raw_data[0]["value"]


@pytest.mark.django_db
def test_the_editor_who_added_an_entry_is_recorded(blog, django_user_model):
    editor = django_user_model.objects.create_user("reporter", password="pw")
    entry = services.add_entry(blog, body=paragraph("Из зала."), user=editor)
    assert entry.created_by == editor


@requires_postgres  # SQLite's shared in-memory test database locks whole tables
@pytest.mark.django_db(transaction=True)
def test_two_editors_adding_at_the_same_moment_both_keep_their_entries(blog_factory):
    blog = blog_factory()
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(text: str) -> None:
        try:
            start.wait(5)
            services.add_entry(blog, body=paragraph(text), shown_at=timezone.now())
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(text,)) for text in ("Первый", "Второй")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    texts = sorted(entry.body.raw_data[0]["value"] for entry in LiveEntry.objects.all())
    assert texts == ["<p>Второй</p>", "<p>Первый</p>"]
    # One after the other: each has a version of its own, none is skipped.
    assert sorted(LiveEntry.objects.values_list("version", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_entries_are_newest_first(blog, add_entry):
    older = add_entry("Раньше", minutes_ago=20)
    newer = add_entry("Позже", minutes_ago=5)
    assert list(blog.entries.all()) == [newer, older]
    assert newer.shown_at - older.shown_at == pytest.approx(
        timedelta(minutes=15), abs=timedelta(seconds=5)
    )


@pytest.mark.django_db
def test_every_write_takes_the_blogs_next_version(blog, blog_factory, add_entry):
    first = add_entry("Первая")
    second = add_entry("Вторая")
    assert (first.version, second.version) == (1, 2)
    first.title = "Первая, исправленная"
    services.save_entry(first)
    first.refresh_from_db()
    assert first.version == 3
    second_id = second.pk
    services.delete_entry(second)
    [removed] = RemovedEntry.objects.filter(blog=blog)
    assert (removed.entry_id, removed.version) == (second_id, 4)
    other = add_entry("В другой трансляции", target=blog_factory("Другая трансляция"))
    assert other.version == 1  # versions are counted per blog
    assert add_entry("Третья").version == 5


@pytest.mark.django_db
def test_a_legal_decision_gives_every_entry_of_the_blog_the_next_version(
    blog, add_entry, purged, django_capture_on_commit_callbacks
):
    for number in range(3):
        add_entry(f"Запись {number}")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.entries_relabelled(blog.pk)
    assert set(LiveEntry.objects.values_list("version", flat=True)) == {4}
    assert exact_keys(blog) <= purged.keys


@pytest.mark.django_db
def test_a_legal_decision_on_an_ordinary_article_costs_one_query(
    article_factory, django_assert_num_queries
):
    article = article_factory("Обычный материал")
    with django_assert_num_queries(1):
        services.entries_relabelled(article.pk)


@pytest.mark.django_db
def test_after_a_registry_change_an_entry_with_a_new_uncertain_mention_waits_for_the_reviewer(
    blog, add_entry, request, django_capture_on_commit_callbacks
):
    """The entry was written before the registry knew the name; the archive's rescan reads
    articles only, so the blog's entries are scanned when it is done."""
    from polosa.legal.models import MentionReview
    from polosa.legal.signals import registry_relabelled
    from polosa.live import selectors

    from .conftest import UNCERTAIN

    calm = add_entry("Митинг начался.")
    named = add_entry(UNCERTAIN)
    assert [entry.pk for entry in selectors.visible_entries(blog.pk)] == [named.pk, calm.pk]
    request.getfixturevalue("orlov")  # the registry now has him
    with django_capture_on_commit_callbacks(execute=True):
        registry_relabelled.send(sender=None, entry_ids=["fa-orlov"])
    [review] = MentionReview.objects.filter(article_id=blog.pk)
    assert review.decision == MentionReview.Decision.PENDING and review.entry_key == "fa-orlov"
    assert [entry.pk for entry in selectors.visible_entries(blog.pk)] == [calm.pk]
    assert set(LiveEntry.objects.values_list("version", flat=True)) == {3}


@pytest.mark.django_db
def test_a_registry_change_naming_nobody_in_the_entries_changes_nothing(blog, add_entry, orlov):
    add_entry("Митинг начался.")
    assert services.entries_rescanned(["fa-orlov"]) == 0
    assert LiveEntry.objects.get().version == 1

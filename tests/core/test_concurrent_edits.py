"""Two editors on one page: a save from an outdated form is kept as a draft beside the other
editor's revision, and its editor is told who saved meanwhile; nothing is overwritten.

Everything goes through Wagtail's real edit view with the test client: each editor loads the
form (GET), and posts back the hidden loaded-revision fields it was given.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html
from wagtail.models import Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from polosa.core import editing
from polosa.core.dates import clock, to_zone
from polosa.news.models import ArticlePage

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")


def make_editor(username: str, first_name: str = "", last_name: str = "") -> Client:
    user = User.objects.create_superuser(username, f"{username}@example.com", "pw")
    user.first_name, user.last_name = first_name, last_name
    user.save()
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def anna() -> Client:
    return make_editor("anna", "Анна", "Смирнова")


@pytest.fixture
def boris() -> Client:
    return make_editor("boris", "Борис", "Петров")


@pytest.fixture
def article(article_factory, anna) -> ArticlePage:
    """A live article whose live version is its latest revision, as after a publish."""
    page = article_factory("Пожар на складе", lead="Первая версия.")
    page.save_revision(user=anna.user).publish(user=anna.user)
    return ArticlePage.objects.get(pk=page.pk)


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def loaded_revision_fields(client: Client, page) -> dict[str, str]:
    """The hidden fields of the edit form the editor has just opened."""
    response = client.get(edit_url(page))
    assert response.status_code == 200
    form = lxml_html.fromstring(response.content.decode())
    return {
        name: form.xpath(f'//form//input[@type="hidden"][@name="{name}"]/@value')[0]
        for name in (editing.LOADED_REVISION_ID_FIELD, editing.LOADED_REVISION_CREATED_AT_FIELD)
    }


def form_data(page, *, lead: str, action: str | None, loaded: dict[str, str] | None) -> dict:
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "lead": lead,
            "body": streamfield([("paragraph", rich_text("<p>Текст.</p>"))]),
            "kind": "news",
            "tags": "",
            "source_name": "",
            "source_url": "",
            "published_at": "",
            "updated_at": "",
            "byline": inline_formset([]),  # the authors (none)
            "comments": inline_formset([]),
            "corrections": inline_formset([]),
        }
    )
    if action:
        data[action] = action
    data.update(loaded or {})
    return data


def post_edit(client: Client, page, *, lead: str, action: str | None, loaded: dict | None):
    return client.post(
        edit_url(page), form_data(page, lead=lead, action=action, loaded=loaded), follow=True
    )


def shown_messages(response) -> list[str]:
    document = lxml_html.fromstring(response.content.decode())
    return [
        " ".join(item.text_content().split())
        for item in document.xpath("//*[@class='messages']//li")
    ]


def latest_lead(page) -> str:
    return ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object().lead


def live_lead(page) -> str:
    return ArticlePage.objects.get(pk=page.pk).lead


# What Wagtail posts: pinned, since the server-side check reads these fields.


def test_wagtails_edit_form_posts_the_revision_it_was_loaded_from(anna, article):
    latest = article.get_latest_revision()

    assert loaded_revision_fields(anna, article) == {
        "loaded_revision_id": str(latest.pk),
        "loaded_revision_created_at": latest.created_at.isoformat(),
    }


def test_wagtails_edit_view_names_its_buttons_as_the_check_expects(anna, article):
    form = lxml_html.fromstring(anna.get(edit_url(article)).content.decode())
    button_names = set(form.xpath("//form//button/@name | //form//input[@type='submit']/@name"))

    assert {"action-publish", "action-submit"} <= button_names


# Two editors, the second from an outdated form.


def test_a_publish_from_an_outdated_form_keeps_the_first_publication_live(anna, boris, article):
    anna_loaded = loaded_revision_fields(anna, article)
    boris_loaded = loaded_revision_fields(boris, article)

    post_edit(anna, article, lead="Версия Анны.", action="action-publish", loaded=anna_loaded)
    anna_revision = ArticlePage.objects.get(pk=article.pk).live_revision
    response = post_edit(
        boris, article, lead="Версия Бориса.", action="action-publish", loaded=boris_loaded
    )

    page = ArticlePage.objects.get(pk=article.pk)
    assert live_lead(article) == "Версия Анны."
    assert page.live_revision == anna_revision
    assert latest_lead(article) == "Версия Бориса."
    assert page.latest_revision.user == boris.user
    assert page.has_unpublished_changes
    assert anna_revision.as_object().lead == "Версия Анны."
    assert response.redirect_chain[-1][0] == edit_url(article)
    saved_at = clock(to_zone(anna_revision.created_at, MOSCOW))
    assert (
        f"Пока вы редактировали, материал сохранён другим редактором (Анна Смирнова, {saved_at}). "
        "Ваши правки сохранены черновиком — сравните версии и опубликуйте нужную. Сравнить версии"
    ) in shown_messages(response)


def test_the_warning_links_to_the_comparison_of_both_revisions(anna, boris, article):
    anna_loaded = loaded_revision_fields(anna, article)
    boris_loaded = loaded_revision_fields(boris, article)
    post_edit(anna, article, lead="Версия Анны.", action="action-publish", loaded=anna_loaded)
    anna_revision_id = ArticlePage.objects.get(pk=article.pk).live_revision_id

    response = post_edit(
        boris, article, lead="Версия Бориса.", action="action-publish", loaded=boris_loaded
    )

    compare_url = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=(
            article.pk,
            anna_revision_id,
            ArticlePage.objects.get(pk=article.pk).latest_revision_id,
        ),
    )
    assert compare_url in response.content.decode()
    comparison = boris.get(compare_url)
    assert comparison.status_code == 200
    compared = lxml_html.fromstring(comparison.content.decode()).text_content()
    assert "Анны." in compared and "Бориса." in compared


def test_a_draft_saved_from_an_outdated_form_stays_beside_the_other_draft(anna, boris, article):
    anna_loaded = loaded_revision_fields(anna, article)
    boris_loaded = loaded_revision_fields(boris, article)

    post_edit(anna, article, lead="Черновик Анны.", action=None, loaded=anna_loaded)
    anna_revision = ArticlePage.objects.get(pk=article.pk).latest_revision
    response = post_edit(boris, article, lead="Черновик Бориса.", action=None, loaded=boris_loaded)

    assert live_lead(article) == "Первая версия."
    assert anna_revision.as_object().lead == "Черновик Анны."
    assert latest_lead(article) == "Черновик Бориса."
    assert ArticlePage.objects.get(pk=article.pk).latest_revision != anna_revision
    assert any("сохранён другим редактором (Анна Смирнова" in m for m in shown_messages(response))


def test_a_submission_from_an_outdated_form_is_not_sent_for_moderation(anna, boris, article):
    anna_loaded = loaded_revision_fields(anna, article)
    boris_loaded = loaded_revision_fields(boris, article)

    post_edit(anna, article, lead="Версия Анны.", action="action-publish", loaded=anna_loaded)
    response = post_edit(
        boris, article, lead="Версия Бориса.", action="action-submit", loaded=boris_loaded
    )

    assert not WorkflowState.objects.filter(object_id=str(article.pk)).exists()
    assert live_lead(article) == "Версия Анны."
    assert latest_lead(article) == "Версия Бориса."
    assert any("Ваши правки сохранены черновиком" in m for m in shown_messages(response))


def test_the_same_editor_in_two_tabs_is_told_it_was_their_other_tab(anna, article):
    first_tab = loaded_revision_fields(anna, article)
    second_tab = loaded_revision_fields(anna, article)

    post_edit(anna, article, lead="Первая вкладка.", action="action-publish", loaded=first_tab)
    response = post_edit(
        anna, article, lead="Вторая вкладка.", action="action-publish", loaded=second_tab
    )

    assert live_lead(article) == "Первая вкладка."
    assert latest_lead(article) == "Вторая вкладка."
    assert any(
        m.startswith("Пока вы редактировали здесь, вы сохранили материал в другой вкладке")
        for m in shown_messages(response)
    )


# A single editor, and forms without the field: as before.


def test_a_single_editor_publishes_as_before(anna, article):
    revisions_before = Revision.page_revisions.filter(object_id=str(article.pk)).count()

    response = post_edit(
        anna,
        article,
        lead="Новая версия.",
        action="action-publish",
        loaded=loaded_revision_fields(anna, article),
    )

    page = ArticlePage.objects.get(pk=article.pk)
    assert page.lead == "Новая версия."
    assert page.live_revision == page.latest_revision
    assert not page.has_unpublished_changes
    assert Revision.page_revisions.filter(object_id=str(article.pk)).count() == revisions_before + 1
    assert not any("Пока вы редактировали" in m for m in shown_messages(response))


def test_a_single_editor_submits_for_moderation_as_before(anna, article):
    response = post_edit(
        anna,
        article,
        lead="На проверку.",
        action="action-submit",
        loaded=loaded_revision_fields(anna, article),
    )

    assert WorkflowState.objects.filter(object_id=str(article.pk)).exists()
    assert not any("Пока вы редактировали" in m for m in shown_messages(response))


def test_a_single_editor_saves_drafts_one_after_another_as_before(anna, article):
    post_edit(
        anna, article, lead="Черновик 1.", action=None, loaded=loaded_revision_fields(anna, article)
    )
    response = post_edit(
        anna, article, lead="Черновик 2.", action=None, loaded=loaded_revision_fields(anna, article)
    )

    assert latest_lead(article) == "Черновик 2."
    assert live_lead(article) == "Первая версия."
    assert not any("Пока вы редактировали" in m for m in shown_messages(response))


def test_a_form_without_the_loaded_revision_field_saves_as_before(anna, boris, article):
    post_edit(anna, article, lead="Версия Анны.", action="action-publish", loaded=None)
    response = post_edit(
        boris, article, lead="Версия Бориса.", action="action-publish", loaded=None
    )

    assert live_lead(article) == "Версия Бориса."
    assert not any("Пока вы редактировали" in m for m in shown_messages(response))


def test_an_outdated_autosave_is_still_refused_by_wagtail(anna, boris, article):
    boris_loaded = loaded_revision_fields(boris, article)
    post_edit(anna, article, lead="Версия Анны.", action="action-publish", loaded=None)
    revisions_before = Revision.page_revisions.filter(object_id=str(article.pk)).count()

    response = boris.post(
        edit_url(article),
        form_data(article, lead="Автосохранение Бориса.", action=None, loaded=boris_loaded),
        headers={"Accept": "application/json"},
    )

    assert response.json()["error_code"] == "invalid_revision"
    assert Revision.page_revisions.filter(object_id=str(article.pk)).count() == revisions_before


# The rule and the words, as plain functions.


def test_a_form_loaded_from_the_latest_revision_is_not_outdated(article):
    latest = article.get_latest_revision()
    posted = {
        "loaded_revision_id": str(latest.pk),
        "loaded_revision_created_at": latest.created_at.isoformat(),
    }

    assert not editing.saved_meanwhile(posted, latest)
    assert editing.saved_meanwhile({**posted, "loaded_revision_id": "0"}, latest)
    assert editing.saved_meanwhile({**posted, "loaded_revision_created_at": "вчера"}, latest)
    assert not editing.saved_meanwhile({}, latest)
    # An autosaved revision of this session is the reference once it exists.
    assert not editing.saved_meanwhile({**posted, "overwrite_revision_id": str(latest.pk)}, latest)
    assert editing.saved_meanwhile({**posted, "overwrite_revision_id": "0"}, latest)


def test_a_page_without_any_revision_is_edited_without_the_check(article_factory, anna):
    """Wagtail leaves the loaded-revision fields out of the form of a page that has no
    revision yet (one made by code, not in the admin): its first save is not checked."""
    page = article_factory("Без ревизий")

    form = lxml_html.fromstring(anna.get(edit_url(page)).content.decode())

    assert not form.xpath(f'//input[@name="{editing.LOADED_REVISION_ID_FIELD}"]')


def test_the_warning_names_the_day_when_the_other_save_was_not_today():
    concurrent = editing.ConcurrentSave(
        revision_id=1,
        saved_at=datetime(2026, 2, 25, 15, 50, tzinfo=UTC),
        saved_by_id=2,
        saved_by_name="Анна Смирнова",
    )

    message = editing.concurrent_save_message(
        concurrent, editor_id=3, now=datetime(2026, 2, 26, 9, 0, tzinfo=UTC), zone=MOSCOW
    )

    assert message.startswith(
        "Пока вы редактировали, материал сохранён другим редактором (Анна Смирнова, "
        "25 февраля, 18:50)."
    )


def test_the_warning_without_a_known_author_names_no_one():
    concurrent = editing.ConcurrentSave(
        revision_id=1,
        saved_at=datetime(2026, 2, 25, 15, 50, tzinfo=UTC),
        saved_by_id=None,
        saved_by_name="",
    )

    message = editing.concurrent_save_message(
        concurrent, editor_id=3, now=datetime(2026, 2, 25, 16, 0, tzinfo=UTC), zone=MOSCOW
    )

    assert message == (
        "Пока вы редактировали, материал сохранён ещё раз (18:50). "
        "Ваши правки сохранены черновиком — сравните версии и опубликуйте нужную."
    )


def test_an_account_without_a_full_name_is_shown_by_its_login():
    assert editing.user_display_name(User(username="boris")) == "boris"
    assert editing.user_display_name(
        User(username="anna", first_name="Анна", last_name="Смирнова")
    ) == ("Анна Смирнова")

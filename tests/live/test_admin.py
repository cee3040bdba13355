"""Editors' screens: a live blog is created in any rubric, its entries are reached from the
blog's page in the admin, and added, edited and deleted there through live.services."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from polosa.live.models import LiveEntry

from .conftest import paragraph

pytestmark = pytest.mark.django_db


def editor(username: str = "editor") -> Client:
    user = User.objects.create_superuser(username, f"{username}@example.com", "pw")
    client = Client()
    client.force_login(user)
    return client


def entry_form(blog, text: str, **fields) -> dict:
    return nested_form_data(
        {
            "blog": blog.pk,
            "shown_at": fields.pop("shown_at", "2026-05-18 19:40"),
            "title": fields.pop("title", ""),
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "author": "",
            **({"key_event": "on"} if fields.pop("key_event", False) else {}),
        }
    )


@pytest.mark.parametrize("rubric_index", [0, 1, 2, 3])
def test_a_live_blog_can_be_created_in_any_rubric(rubrics, rubric_index):
    client = editor()
    rubric = rubrics[rubric_index]
    url = reverse("wagtailadmin_pages:add", args=["live", "liveblogpage", rubric.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert (
        "Онлайн-трансляция"
        in client.get(reverse("wagtailadmin_pages:add_subpage", args=[rubric.pk])).content.decode()
    )


def test_the_blogs_page_in_the_admin_leads_to_its_entries(blog):
    client = editor()
    page = client.get(reverse("wagtailadmin_pages:edit", args=[blog.pk])).content.decode()
    assert reverse("live_entries:index") + f"?blog={blog.pk}" in page
    assert "Записи трансляции" in page


def test_an_articles_page_has_no_entries_link(article_factory):
    article = article_factory("Обычная новость")
    client = editor()
    page = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert "Записи трансляции" not in page


def test_the_entries_list_shows_one_blogs_entries(blog, blog_factory, add_entry):
    other = blog_factory("Другая трансляция")
    add_entry("Наша запись", title="Наша")
    add_entry("Чужая запись", title="Чужая", target=other)
    client = editor()
    page = client.get(reverse("live_entries:index") + f"?blog={blog.pk}").content.decode()
    assert "Наша" in page and "Чужая" not in page


def test_the_add_form_starts_with_the_blog_it_was_opened_from(blog):
    client = editor()
    response = client.get(reverse("live_entries:add") + f"?blog={blog.pk}")
    assert response.status_code == 200
    assert response.context["form"].initial["blog"] == blog.pk


def test_an_entry_added_in_the_admin_goes_through_the_service(blog, purged):
    client = editor()
    purged.clear()
    response = client.post(
        reverse("live_entries:add"),
        entry_form(blog, 'Он сказал: "начинаем"', title="Старт", key_event=True),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("live_entries:index") + f"?blog={blog.pk}"
    entry = LiveEntry.objects.get()
    assert entry.key_event and entry.title == "Старт"
    assert "«начинаем»" in entry.body.raw_data[0]["value"]  # typography applied
    assert entry.created_by.username == "editor"
    assert purged.keys == {f"article-{blog.pk}", f"live-{blog.pk}"}


def test_two_editors_with_the_add_form_open_at_once_both_keep_their_entries(blog):
    first, second = editor("first"), editor("second")
    assert first.get(reverse("live_entries:add") + f"?blog={blog.pk}").status_code == 200
    assert second.get(reverse("live_entries:add") + f"?blog={blog.pk}").status_code == 200
    assert second.post(reverse("live_entries:add"), entry_form(blog, "Второй")).status_code == 302
    assert first.post(reverse("live_entries:add"), entry_form(blog, "Первый")).status_code == 302
    texts = [entry.body.raw_data[0]["value"] for entry in LiveEntry.objects.all()]
    assert len(texts) == 2
    assert {"Первый", "Второй"} == {text.rsplit(">", 2)[1].split("<")[0] for text in texts}


def test_an_entry_is_edited_and_deleted_in_the_admin(blog, add_entry, purged):
    from polosa.live import services

    entry = services.add_entry(blog, title="Было", body=paragraph("Текст"))
    client = editor()
    purged.clear()
    response = client.post(
        reverse("live_entries:edit", args=[entry.pk]), entry_form(blog, "Текст", title="Стало")
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Стало"
    assert purged.keys == {f"article-{blog.pk}", f"live-{blog.pk}"}
    purged.clear()
    response = client.post(reverse("live_entries:delete", args=[entry.pk]))
    assert response.status_code == 302
    assert not LiveEntry.objects.exists()
    assert purged.keys == {f"article-{blog.pk}", f"live-{blog.pk}"}


def test_a_form_without_a_blog_is_refused_with_a_message(blog):
    client = editor()
    data = entry_form(blog, "Текст")
    data["blog"] = ""
    response = client.post(reverse("live_entries:add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["blog"]
    assert not LiveEntry.objects.exists()


def test_an_entrys_uncertain_mention_is_in_the_reviewers_queue_of_the_blog(blog, orlov):
    from polosa.legal.models import MentionReview
    from polosa.live import services

    from .conftest import UNCERTAIN

    services.add_entry(blog, body=paragraph(UNCERTAIN))
    [review] = MentionReview.objects.filter(article_id=blog.pk)
    response = editor().get(reverse("legal_reviews", args=[blog.pk]))
    assert response.status_code == 200
    assert review.matched_text in response.content.decode()


@pytest.mark.parametrize(
    ("role", "may"), [("Редактор", True), ("Выпускающий редактор", True), ("Автор", False)]
)
def test_editors_write_entries_and_authors_do_not(role, may):
    from django.contrib.auth.models import Group

    user = User.objects.create_user(f"user-{len(role)}", password="pw")
    user.groups.add(Group.objects.get(name=role))
    assert user.has_perm("live.add_liveentry") is may
    assert user.has_perm("live.change_liveentry") is may
    assert user.has_perm("live.delete_liveentry") is may

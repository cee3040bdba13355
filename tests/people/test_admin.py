"""Editors manage people and add or remove links by hand in the Wagtail admin."""

import pytest

from polosa.people.models import Mention


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(user)
    return client


def test_people_and_mentions_snippet_pages(editor_client, person_factory, article_about):
    person = person_factory("Алина Верескова", "Верескова Алина")
    article = article_about("Без имён.")
    assert editor_client.get("/admin/snippets/people/person/").status_code == 200
    assert editor_client.get(f"/admin/snippets/people/person/edit/{person.pk}/").status_code == 200
    assert editor_client.get("/admin/snippets/people/mention/add/").status_code == 200
    response = editor_client.post(
        "/admin/snippets/people/mention/add/",
        {"person": person.pk, "article": article.pk, "source": "manual"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Mention.objects.get().source == "manual"
    assert editor_client.get("/admin/snippets/people/mention/").status_code == 200

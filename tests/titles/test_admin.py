"""The editors' side: titles as snippets and the ratings block as a site setting."""

import pytest
from wagtail.models import Site

from polosa.titles.models import RatingsSettings


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(user)
    return client


def test_titles_snippet_pages(editor_client, title_factory):
    title = title_factory("Маяк")
    assert editor_client.get("/admin/snippets/titles/title/").status_code == 200
    assert editor_client.get("/admin/snippets/titles/title/add/").status_code == 200
    edit = editor_client.get(f"/admin/snippets/titles/title/edit/{title.pk}/")
    assert edit.status_code == 200


def test_ratings_settings_with_a_picked_list(editor_client, title_factory):
    first, second = title_factory("Маяк"), title_factory("Граница")
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/titles/ratingssettings/{site.pk}/"
    assert editor_client.get(url).status_code == 200
    data = {
        "mode": "picked",
        "size": "4",
        "picked-TOTAL_FORMS": "2",
        "picked-INITIAL_FORMS": "0",
        "picked-MIN_NUM_FORMS": "0",
        "picked-MAX_NUM_FORMS": "1000",
        "picked-0-title": str(second.pk),
        "picked-0-ORDER": "1",
        "picked-0-id": "",
        "picked-0-DELETE": "",
        "picked-1-title": str(first.pk),
        "picked-1-ORDER": "2",
        "picked-1-id": "",
        "picked-1-DELETE": "",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    settings = RatingsSettings.for_site(site)
    assert settings.mode == "picked"
    assert [p.title.name for p in settings.picked.order_by("sort_order")] == ["Граница", "Маяк"]

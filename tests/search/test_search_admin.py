"""The admin's page search goes through Wagtail's search backend; with Polosa's
(``polosa.search.backend``) it shares the readers' morphology: editors find every form."""

from __future__ import annotations

import pytest

BACKEND = {"default": {"BACKEND": "polosa.search.backend"}}


@pytest.fixture
def lemmatising_backend():
    """The configured backend, not one a test swaps in: the admin uses it as shipped."""
    from django.conf import settings

    assert settings.WAGTAILSEARCH_BACKENDS == BACKEND


@pytest.fixture
def indexed(lemmatising_backend):
    """Put an object into Wagtail's index now (its own signal queues a task)."""
    from wagtail.search.backends import get_search_backend

    def add(obj):
        get_search_backend().add(obj)
        return obj

    return add


@pytest.mark.parametrize(
    "typed",
    ["перепёлкин", "перепелкина", "Перепёлкиным", "ПЕРЕПЕЛКИНУ", "перепёл", "аркадий перепел"],
)
def test_an_editor_finds_a_draft_by_any_form_of_a_name_in_its_headline(
    admin_client, article_factory, indexed, typed
):
    from wagtail.models import Page

    draft = indexed(article_factory("Аркадий Перепёлкин открыл блог", live=False))
    indexed(article_factory("Выставка в Казани", live=False))
    assert [page.pk for page in Page.objects.all().autocomplete(typed)] == [draft.pk]
    response = admin_client.get("/admin/pages/search/", {"q": typed})
    assert response.status_code == 200
    assert "Аркадий Перепёлкин открыл блог" in response.content.decode()
    assert "Выставка в Казани" not in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "found"), [("выставки", True), ("выставкой", True), ("казань", False)]
)
def test_full_text_search_of_pages_uses_lemmas_of_the_body_too(
    article_factory, indexed, typed, found
):
    from wagtail.rich_text import RichText

    from polosa.news.models import ArticlePage

    article = indexed(
        article_factory(
            "Открытие сезона",
            body=[("paragraph", RichText("<p>Выставка открылась в Самаре.</p>"))],
            live=False,
        )
    )
    matches = [page.pk for page in ArticlePage.objects.search(typed)]
    assert matches == ([article.pk] if found else [])


def test_tags_and_authors_of_an_article_are_in_wagtails_index(article_factory, indexed):
    from polosa.news import content
    from polosa.news.models import ArticlePage

    author = content.ensure_author("Екатерина Вьюгина")
    article = indexed(article_factory("Новый релиз", authors=[author], tags=["фестивали"]))
    assert [page.pk for page in ArticlePage.objects.search("Вьюгиной")] == [article.pk]
    assert [page.pk for page in ArticlePage.objects.search("фестиваль")] == [article.pk]


def test_reindex_admin_rebuilds_wagtails_index_with_lemmas(article_factory, lemmatising_backend):
    import io

    from django.core.management import call_command
    from wagtail.models import Page

    draft = article_factory("Аркадий Перепёлкин открыл блог", live=False)
    call_command("search", "reindex", "--admin", stdout=io.StringIO(), stderr=io.StringIO())
    assert [page.pk for page in Page.objects.all().autocomplete("перепелкина")] == [draft.pk]


@pytest.mark.django_db(transaction=True)  # the worker closes connections (PostgreSQL)
def test_an_edited_draft_is_found_by_editors_once_the_worker_has_indexed_it(
    admin_client, article_factory, lemmatising_backend
):
    """No direct indexing: Wagtail's save signal queues the index update as a task, the
    worker runs it, and the admin's page search finds the draft by an inflected, ё-less
    form of the new headline."""
    import io

    from django.core.management import call_command

    draft = article_factory("Набросок", live=False)
    draft.title = "Маргарита Снегирёва вернулась в театр"
    draft.save_revision()
    draft.save()  # committed: the index task is queued on commit
    call_command("worker", "--burst", stdout=io.StringIO())
    response = admin_client.get("/admin/pages/search/", {"q": "снегиревой"})
    assert response.status_code == 200
    assert f"/admin/pages/{draft.pk}/edit/" in response.content.decode()

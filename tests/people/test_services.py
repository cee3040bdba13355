"""Writes of the people directory purge exactly what shows them."""

import pytest

from polosa.people.mentions import refresh_article
from polosa.people.models import Mention

pytestmark = pytest.mark.django_db


@pytest.fixture
def alina(person_factory):
    return person_factory("Алина Верескова", "Верескова Алина", category="musician")


def test_found_people_links_purge_the_article_and_the_persons_list(
    alina, article_about, purged, settings, client
):
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    article = article_about("Алина Верескова дала концерт.")
    client.get(article.url)
    purged.clear()
    assert refresh_article(article)
    assert purged.keys == {f"article-{article.pk}", f"listing-person-{alina.pk}"}
    assert ">Алина Верескова</a>" in client.get(article.url).content.decode()


def test_a_link_removed_by_an_editor_purges_the_same(alina, article_about, purged):
    article = article_about("Алина Верескова дала концерт.")
    refresh_article(article)
    purged.clear()
    Mention.objects.filter(article=article, person=alina).update(source=Mention.Source.REMOVED)
    Mention.objects.get(article=article, person=alina).save()
    assert purged.keys == {f"article-{article.pk}", f"listing-person-{alina.pk}"}


def test_a_renamed_person_purges_their_page_the_directory_and_articles_naming_them(alina, purged):
    alina.name = "Алина Верескова-Орлова"
    alina.save()
    assert {f"person-{alina.pk}", f"listing-person-{alina.pk}", "people"} <= purged.keys
    assert "site" not in purged.keys

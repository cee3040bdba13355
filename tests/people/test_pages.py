"""The directory, a person's page and feed, with their query budgets."""

from datetime import timedelta

import pytest
from django.utils import timezone

from polosa.people.mentions import refresh_article
from polosa.people.models import Mention, Person


@pytest.fixture
def directory(person_factory, image_factory):
    people = [
        ("Ёлка Зеленина", "blogger"),
        ("Егор Вяземцев", "actor"),
        ("Алина Верескова", "musician"),
        ("Жанна Брод", "writer"),
        ("Борис Агапов", "actor"),
    ]
    made = {}
    for number, (name, category) in enumerate(people):
        photo = image_factory(name) if number < 3 else None
        first, last = name.split()
        made[name] = person_factory(name, f"{last} {first}", category=category, photo=photo)
    return made


def test_directory_is_alphabetical_with_yo_as_ye(client, directory):
    response = client.get("/people/")
    html = response.content.decode()
    assert response.status_code == 200
    order = ["Алина Верескова", "Борис Агапов", "Егор Вяземцев", "Ёлка Зеленина", "Жанна Брод"]
    positions = [html.index(f">{name}</a>") for name in order]
    assert positions == sorted(positions)


def test_directory_filters_by_category(client, directory):
    html = client.get("/people/?category=actor").content.decode()
    assert "Борис Агапов" in html and "Егор Вяземцев" in html
    assert "Алина Верескова</a>" not in html
    assert client.get("/people/?category=nonsense").status_code == 404


def test_directory_query_budget(client, directory, person_factory, django_assert_max_num_queries):
    for number in range(40):
        person_factory(f"Человек Номер{number}")
    client.get("/people/")
    with django_assert_max_num_queries(12):
        assert client.get("/people/").status_code == 200


def test_person_page_lists_published_mentions_newest_first(client, directory, article_about):
    alina = directory["Алина Верескова"]
    now = timezone.now()
    older = article_about(
        "Алина Верескова на сцене.", title="Старый", published_at=now - timedelta(days=3)
    )
    newer = article_about(
        "Фанаты Алины Вересковой ждут.", title="Новый", published_at=now - timedelta(hours=1)
    )
    draft = article_about("Алина Верескова в черновике.", title="Черновик", live=False)
    hidden = article_about("Алина Верескова и снова.", title="Убранный")
    for article in (older, newer, draft, hidden):
        refresh_article(article)
    Mention.objects.filter(article=draft).update(source="manual")  # even a manual link
    Mention.objects.filter(article=hidden).update(source="removed")
    response = client.get(alina.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(">Новый<") < html.index(">Старый<")
    assert "Черновик" not in html and "Убранный" not in html
    assert "Фото:" in html
    assert f'href="/people/{alina.slug}/feed/"' in html


def test_person_page_bad_input(client, directory):
    slug = directory["Алина Верескова"].slug
    assert client.get("/people/net-takogo/").status_code == 404
    assert client.get(f"/people/{slug}/?page=abc").status_code == 404
    assert client.get(f"/people/{slug}/?page=5").status_code == 404


def test_person_page_query_budget(
    client, directory, article_about, image_factory, django_assert_max_num_queries
):
    alina = directory["Алина Верескова"]
    picture = image_factory("Сцена")
    for number in range(25):
        refresh_article(
            article_about(
                "Алина Верескова на сцене.", title=f"Концерт {number}", main_image=picture
            )
        )
    client.get(alina.get_absolute_url())
    with django_assert_max_num_queries(12):
        assert client.get(alina.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(alina.get_absolute_url() + "?page=2").status_code == 200


def test_person_feed(client, directory, article_about):
    import feedparser

    alina = directory["Алина Верескова"]
    refresh_article(article_about("Алина Верескова на сцене.", title="Концерт в Казани"))
    refresh_article(article_about("Без неё.", title="Другое"))
    response = client.get(f"/people/{alina.slug}/feed/")
    assert response.status_code == 200
    assert "rss" in response["Content-Type"]
    feed = feedparser.parse(response.content)
    assert feed.feed.title.startswith("Алина Верескова")
    assert [entry.title for entry in feed.entries] == ["Концерт в Казани"]
    assert feed.entries[0].link.startswith("http")
    assert client.get("/people/net-takogo/feed/").status_code == 404


def test_people_links_add_one_query_to_an_article(client, directory, article_about):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = article_about("Алина Верескова и Борис Агапов.")
    refresh_article(article)
    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(article.url).content.decode()
    assert ">Алина Верескова</a>" in html and ">Борис Агапов</a>" in html
    ours = [q for q in queries.captured_queries if "people_" in q["sql"]]
    assert len(ours) == 1  # the article page's own total is budgeted by its owners


def test_person_model_slug_and_sort_key(db):
    person = Person.objects.create(name="Вера Снегирёва")
    assert person.slug == "vera-snegireva" or person.slug.startswith("vera-snegir")
    assert person.sort_key == "вера снегирева"
    assert Person.objects.create(name="Вера Снегирёва").slug != person.slug

"""«Читайте также»: each article's own list, computed when it is published, shown in a
fragment of its own that only that list and the articles it shows can change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html
from wagtail.rich_text import RichText

from tests.core.pages import forget_page
from tests.readership.fixtures import *  # noqa: F403 (the fixtures)

pytestmark = pytest.mark.django_db

ESI = {"HTTP_SURROGATE_CAPABILITY": 'varnish="ESI/1.0"'}


def read_also(client, article) -> list[str]:
    document = lxml_html.fromstring(client.get(article.url).content)
    return [
        " ".join(title.split())
        for title in document.xpath("//aside[contains(@class,'read-also')]//li/a/text()")
    ]


def stored_list(article) -> list[int]:
    from polosa.readership.models import RelatedArticle

    return list(
        RelatedArticle.objects.filter(article=article)
        .order_by("position")
        .values_list("related_id", flat=True)
    )


@pytest.fixture
def publish(article_factory, tasks_at_once, private_matchers):
    """Publish a new article through Wagtail, as an editor does: its people links, then
    its «Читайте также» (a task), run before this returns."""

    def make(title: str, *, text: str = "", reviewed_title=None, hours_ago: float = 1, **fields):
        body = [("paragraph", RichText(f"<p>{text}</p>"))] if text else []
        published_at = timezone.now() - timedelta(hours=hours_ago)
        article = article_factory(title, live=False, body=body, published_at=published_at, **fields)
        article.reviewed_title = reviewed_title
        with tasks_at_once():
            article.save_revision().publish()
        article.refresh_from_db()
        return article

    return make


@pytest.fixture
def film(db):
    from polosa.titles.models import Title

    return Title.objects.create(name="Тихая гавань", slug="tikhaya-gavan", kind="film")


@pytest.fixture
def singer(db):
    from polosa.people.models import Person

    return Person.objects.create(name="Алина Верескова", registry_name="Верескова Алина")


@pytest.fixture
def newsroom(publish, rubrics, film, singer):
    """A week of a small outlet: unrelated news first, then what the review shares."""
    news, music, cinema, lifestyle = rubrics
    filler = [
        publish("Врачи объяснили, сколько нужно спать взрослому", rubric=lifestyle, hours_ago=90),
        publish("Пять мест в Калининграде на выходные", rubric=lifestyle, hours_ago=80),
        publish("Что приготовить на ужин за двадцать минут", rubric=lifestyle, hours_ago=70),
        publish("Как выбрать зимнюю куртку и не переплатить", rubric=lifestyle, hours_ago=60),
        publish("Стали известны номинанты городской премии", rubric=news, hours_ago=50),
        publish("В парке открыли новый каток", rubric=news, hours_ago=40),
    ]
    wording = publish(
        "Рецензия на фильм «Ледяной мост»: драма о маяке", rubric=cinema, hours_ago=30
    )
    person = publish(
        "Алина Верескова выпустила альбом «Неон»", rubric=music, hours_ago=20,
        text="Альбом записан в Казани.",
    )  # fmt: skip
    trailer = publish("Трейлер фильма «Тихая гавань» вышел в сеть", rubric=cinema, hours_ago=10)
    second = publish(
        "Второй взгляд на «Тихую гавань»", rubric=cinema, hours_ago=5, reviewed_title=film
    )
    review = publish(
        "Рецензия на фильм «Тихая гавань»: драма о маяке",
        rubric=cinema,
        reviewed_title=film,
        text="Главную песню фильма исполнила Алина Верескова.",
        hours_ago=1,
    )
    return {
        "filler": filler,
        "wording": wording,
        "person": person,
        "trailer": trailer,
        "second": second,
        "review": review,
    }


def test_a_published_review_lists_its_film_then_its_people_then_the_rest(newsroom):
    review = newsroom["review"]
    shown = stored_list(review)
    assert shown[:4] == [
        newsroom["second"].pk,  # a review of the same film
        newsroom["trailer"].pk,  # news naming the film
        newsroom["person"].pk,  # news about a person the review mentions
        newsroom["wording"].pk,  # the same rubric and wording, nothing more
    ]
    # Too few relate: the newest articles fill the list.
    newest_filler = [article.pk for article in reversed(newsroom["filler"])]
    assert shown[4:] == newest_filler[:2]


def test_the_page_shows_the_stored_list(client, newsroom):
    titles = read_also(client, newsroom["review"])
    assert titles[:3] == [
        "Второй взгляд на «Тихую гавань»",
        "Трейлер фильма «Тихая гавань» вышел в сеть",
        "Алина Верескова выпустила альбом «Неон»",
    ]
    assert len(titles) == 6


def test_a_later_article_about_the_film_joins_the_lists_of_the_articles_it_relates_to(
    newsroom, publish, rubrics
):
    review = newsroom["review"]
    festival = publish(
        "В Казани покажут «Тихую гавань» под открытым небом", rubric=rubrics[0], hours_ago=0.5
    )
    assert festival.pk in stored_list(review)[:3]
    assert stored_list(festival)[:2] == [review.pk, newsroom["second"].pk]


def test_every_article_page_includes_its_own_list_and_the_blocks_all_articles_share(
    client, newsroom
):
    review = newsroom["review"]
    body = client.get(review.url, **ESI).content.decode()
    assert f'<esi:include src="/_fragments/article-aside/{review.pk}/"/>' in body
    assert '<esi:include src="/_fragments/article-aside/"/>' in body
    assert body.count("<esi:include") == 3  # «Срочно», the list, the shared block


def test_a_stored_list_is_keyed_by_itself_and_what_it_shows_not_by_the_newest(
    client, newsroom, settings
):
    settings.POLOSA_SURROGATE_KEY_HEADER = "Surrogate-Key"
    review = newsroom["review"]
    keys = set(client.get(f"/_fragments/article-aside/{review.pk}/")["Surrogate-Key"].split())
    shown = {f"article-{pk}" for pk in stored_list(review)}
    assert {f"related-{review.pk}", *shown} <= keys
    assert "listing-site" not in keys


def test_another_publication_leaves_the_list_and_the_page_cached(
    client, newsroom, publish, rubrics, django_assert_num_queries, purged
):
    review = newsroom["review"]
    client.get(review.url)
    purged.clear()
    publish("В парке открыли новый сквер", rubric=rubrics[0], hours_ago=0.1)
    assert f"related-{review.pk}" not in purged.keys
    with django_assert_num_queries(0):
        response = client.get(review.url)
    assert response["X-Polosa-Cache"] == "hit"
    assert "новый сквер" not in response.content.decode()


def test_an_edited_headline_of_a_listed_article_shows_at_once_in_one_query(
    client, newsroom, tasks_at_once, django_assert_num_queries
):
    review, trailer = newsroom["review"], newsroom["trailer"]
    client.get(review.url)
    trailer.title = "Новый трейлер фильма «Тихая гавань» вышел в сеть"
    with tasks_at_once():
        trailer.save_revision().publish()
    with django_assert_num_queries(1):  # the list again: the page and the other block stay
        response = client.get(review.url)
    assert response["X-Polosa-Cache"] == "hit"
    assert "Новый трейлер фильма" in response.content.decode()


def test_an_unpublished_article_leaves_the_lists_at_once_and_they_are_filled_again(
    client, newsroom, tasks_at_once, django_capture_on_commit_callbacks
):
    review, trailer = newsroom["review"], newsroom["trailer"]
    client.get(review.url)
    with django_capture_on_commit_callbacks() as waiting:  # the refresh has not run yet
        trailer.unpublish()
    titles = read_also(client, review)
    assert "Трейлер фильма «Тихая гавань» вышел в сеть" not in titles
    assert len(titles) == 5
    with tasks_at_once():
        for callback in waiting:
            callback()
    assert trailer.pk not in stored_list(review)
    assert len(read_also(client, review)) == 6


def test_a_deleted_article_leaves_the_lists_that_showed_it(client, newsroom, tasks_at_once):
    review, person = newsroom["review"], newsroom["person"]
    with tasks_at_once():
        person.delete()
    assert len(stored_list(review)) == 6
    assert "Алина Верескова выпустила альбом «Неон»" not in read_also(client, review)


def test_hidden_articles_never_enter_a_list(
    client, newsroom, publish, article_factory, rubrics, film
):
    from wagtail.models import PageViewRestriction

    cinema = rubrics[2]
    draft = article_factory("Черновик о «Тихой гавани»", rubric=cinema, live=False)
    draft.reviewed_title = film
    draft.save_revision()
    scheduled = article_factory("Анонс «Тихой гавани»", rubric=cinema, live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision().publish()  # waits for its time
    restricted = publish("Закрытый показ «Тихой гавани»", rubric=cinema, hours_ago=0.2)
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    fresh = publish("Ещё одна рецензия на «Тихую гавань»", rubric=cinema, hours_ago=0.1)
    for article in (newsroom["review"], fresh):
        titles = read_also(client, article)
        assert not {"Черновик о «Тихой гавани»", "Анонс «Тихой гавани»"} & set(titles)
        assert "Закрытый показ «Тихой гавани»" not in titles
    assert {draft.pk, scheduled.pk, restricted.pk}.isdisjoint(stored_list(fresh))


def test_a_person_linked_by_hand_brings_their_articles_into_the_list(
    newsroom, publish, rubrics, tasks_at_once
):
    from polosa.people.models import Mention, Person

    actor = Person.objects.create(name="Лев Черемисин")
    interview = publish("8 вопросов актёру: о театре и кино", rubric=rubrics[2], hours_ago=3)
    about = publish("Лев Черемисин сыграет в новом спектакле", rubric=rubrics[0], hours_ago=2)
    assert about.pk not in stored_list(interview)[:1]
    with tasks_at_once():
        Mention.objects.create(person=actor, article=interview, source=Mention.Source.MANUAL)
    assert stored_list(interview)[0] == about.pk


def test_a_list_is_rendered_from_the_database_in_one_query(
    client, newsroom, django_assert_num_queries
):
    """Warm site, rubrics and restrictions (as after any first request): the list and its
    articles, one query."""
    review = newsroom["review"]
    client.get(review.url)
    from polosa.core import taggedcache

    taggedcache.store().purge([f"related-{review.pk}"])
    with django_assert_num_queries(1):
        response = client.get(f"/_fragments/article-aside/{review.pk}/")
    assert response.status_code == 200


def test_an_article_page_with_its_list_stays_within_the_pages_budget(
    client, newsroom, django_assert_num_queries
):
    """The budget of tests/news/test_article_page.py: the article and its authors and
    tags, with the fragments warm (a review reads its film too)."""
    trailer = newsroom["trailer"]
    assert stored_list(trailer)
    client.get(trailer.url)
    forget_page(trailer.url)
    with django_assert_num_queries(3):
        response = client.get(trailer.url)
    assert response["X-Polosa-Cache"] == "miss"


# -- before an article has its list ---------------------------------------------------


@pytest.fixture
def archive(article_factory):
    """Articles created in bulk, as the demo and the generator do: no list yet."""
    now = timezone.now()
    return [
        article_factory(f"Новость архива {number}", published_at=now - timedelta(hours=number))
        for number in range(10)
    ]


def test_without_a_list_an_article_shows_the_newest_others(client, archive):
    newest, older = archive[0], archive[8]
    assert read_also(client, newest) == [f"Новость архива {number}" for number in range(1, 7)]
    assert read_also(client, older) == [f"Новость архива {number}" for number in range(6)]


def test_without_a_list_a_publication_renders_only_the_newest_again(
    client, archive, article_factory, django_assert_num_queries
):
    old = archive[7:]
    for article in old:
        client.get(article.url)
    article_factory("Самая свежая новость", published_at=timezone.now())
    with django_assert_num_queries(1):  # the newest articles, read once for all of them
        pages = [client.get(article.url) for article in old]
    assert all(page["X-Polosa-Cache"] == "hit" for page in pages)
    assert all("Самая свежая новость" in page.content.decode() for page in pages)


def test_the_blocks_every_article_shows_are_one_fragment(client, archive, settings):
    settings.POLOSA_SURROGATE_KEY_HEADER = "Surrogate-Key"
    for article in archive[:3]:
        body = client.get(article.url, **ESI).content.decode()
        assert '<esi:include src="/_fragments/article-aside/"/>' in body
    shared = client.get("/_fragments/article-aside/")
    keys = set(shared["Surrogate-Key"].split())
    assert {"ratings", "most-read"} <= keys
    assert "listing-site" not in keys
    assert "read-also" not in shared.content.decode()


def test_with_every_cache_cold_an_article_with_its_list_costs_one_query_more_than_before(
    client, newsroom, django_assert_num_queries
):
    """tests/news/test_article_page.py's worst case (14 before the stored lists and the
    most read) for an article that has its list: the list in one query instead of the
    newest articles, the ranking of the most read, and the urgent banner: 16."""
    from polosa.core import taggedcache

    trailer = newsroom["trailer"]
    client.get(trailer.url)
    taggedcache.store().clear()
    with django_assert_num_queries(16):
        assert client.get(trailer.url).status_code == 200

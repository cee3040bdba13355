"""People found in articles in any grammatical case, linked both ways, kept current."""

import pytest

from polosa.people import mentioned_in
from polosa.people.mentions import current_matcher, refresh_all, refresh_article
from polosa.people.models import Mention, Person


@pytest.fixture
def alina(person_factory):
    return person_factory("Алина Верескова", "Верескова Алина", category="musician")


@pytest.fixture
def timur(person_factory):
    return person_factory("Тимур Забелин", "Забелин Тимур", category="actor")


@pytest.mark.parametrize(
    "sentence",
    [
        "Алина Верескова выпустила альбом.",
        "Билеты на концерт Алины Вересковой раскупили.",
        "8 вопросов Алине Вересковой о туре.",
        "Журналисты спросили Алину Верескову о планах.",
        "Это третья работа с Алиной Вересковой.",
        "О Алине Вересковой говорят всё чаще.",
    ],
)
def test_each_case_links_the_person(alina, timur, article_about, sentence):
    article = article_about(sentence)
    refresh_article(article)
    assert mentioned_in(article) == [alina]


def test_male_names_in_several_cases(alina, timur, article_about):
    article = article_about(
        "Коллеги Тимура Забелина встретили новость.", "Фанаты Тимура Забелина ждут тур."
    )
    refresh_article(article)
    assert mentioned_in(article) == [timur]


def test_headline_and_lead_count(alina, article_about):
    article = article_about("Без имён.", title="Алина Верескова отменила концерт")
    refresh_article(article)
    assert mentioned_in(article) == [alina]


def test_uncertain_mentions_do_not_link(person_factory, article_about):
    person_factory("Иван Мороз", "Мороз Иван")
    article = article_about("Ударил мороз, и Мороз не пришёл.")
    refresh_article(article)
    assert mentioned_in(article) == []


def test_article_page_links_people_and_directory(client, alina, timur, article_about):
    article = article_about("Журналисты спросили Алину Верескову о планах.")
    refresh_article(article)
    html = client.get(article.url).content.decode()
    assert f'<a href="/people/{alina.slug}/">Алина Верескова</a>' in html
    assert "Тимур Забелин" not in html
    assert '<a href="/people/">Все звёзды и инфлюенсеры</a>' in html


def test_editor_removal_survives_the_automatic_pass(alina, timur, article_about):
    article = article_about("Алина Верескова и Тимур Забелин на премьере.")
    refresh_article(article)
    Mention.objects.filter(article=article, person=alina).update(source="removed")
    Mention.objects.filter(article=article, person=timur).update(source="manual")
    refresh_article(article)
    assert mentioned_in(article) == [timur]
    assert Mention.objects.get(article=article, person=alina).source == "removed"


def test_manual_link_without_a_mention_stays(alina, article_about):
    article = article_about("Ни одного имени.")
    Mention.objects.create(article=article, person=alina, source="manual")
    refresh_article(article)
    assert mentioned_in(article) == [alina]


def test_edit_drops_stale_automatic_links(alina, article_about):
    from wagtail.rich_text import RichText

    article = article_about("Алина Верескова на сцене.")
    refresh_article(article)
    article.body = [("paragraph", RichText("<p>Теперь без неё.</p>"))]
    article.save()
    refresh_article(article)
    assert mentioned_in(article) == []


def test_publishing_links_people(alina, article_about, django_capture_on_commit_callbacks):
    article = article_about("Алина Верескова на сцене.", live=False)
    revision = article.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert mentioned_in(article) == [alina]


def test_new_person_enqueues_a_full_refresh(db, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        person = Person.objects.create(name="Глеб Рябинин", registry_name="Рябинин Глеб")

    def refreshes() -> int:
        return DBTaskResult.objects.filter(task_path__endswith="refresh_all_mentions").count()

    assert refreshes() == 1
    with django_capture_on_commit_callbacks(execute=True):
        person.bio = "Новая биография"
        person.save()
    assert refreshes() == 1  # the bio does not change mentions
    with django_capture_on_commit_callbacks(execute=True):
        person.aliases = "Глеб Р."
        person.save()
    assert refreshes() == 2


def test_refresh_all_links_existing_articles(article_about, person_factory):
    old = article_about("Фанаты Вадима Заозёрского уже в очереди.")
    draft = article_about("Вадим Заозёрский пишет роман.", live=False)
    vadim = person_factory("Вадим Заозёрский", "Заозёрский Вадим", category="writer")
    assert refresh_all() == 1
    assert mentioned_in(old) == [vadim]
    assert not Mention.objects.filter(article=draft).exists()


def test_matcher_is_compiled_into_the_cache_dir(alina, settings):
    from pathlib import Path

    current_matcher()
    assert list(Path(settings.POLOSA_PEOPLE_CACHE_DIR).glob("*.pickle"))

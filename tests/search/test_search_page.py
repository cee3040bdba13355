"""The readers' search page: what it finds, how it orders and shows it, and what it never
shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish an article through Wagtail (a revision), as an editor does, and run what
    waits for the commit (the index is written then)."""

    def run(article):
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
        article.refresh_from_db()
        return article

    return run


@pytest.fixture
def published(article_factory, publish):
    def make(title, **fields):
        return publish(article_factory(title, **fields))

    return make


def paragraph(text: str):
    from wagtail.rich_text import RichText

    return ("paragraph", RichText(f"<p>{text}</p>"))


def tree(response):
    assert response.status_code == 200, response.status_code
    return lxml_html.fromstring(response.content.decode())


def titles(response) -> list[str]:
    links = tree(response).xpath("//li[@class='search-result']/h2/a")
    return [" ".join(link.text_content().split()) for link in links]


def snippets(response) -> list[str]:
    found = tree(response).xpath("//p[@class='search-result__snippet']")
    return [" ".join(item.text_content().split()) for item in found]


def marked(response) -> list[str]:
    return [mark.text_content() for mark in tree(response).xpath("//mark")]


def total(response) -> str:
    found = tree(response).xpath("//p[@class='search-total']")
    return found[0].text_content().strip() if found else ""


def search(client, q: str, **params):
    return client.get("/search/", {"q": q, **params})


# -- morphology: every form finds the word -----------------------------------------------

#: (headline, body, what a reader types): each query must find its article.
FORMS = [
    ("Перепёлкин открыл блог", "", "Перепёлкиным"),
    ("Перепёлкин открыл блог", "", "перепелкина"),
    ("Интервью", "Мы поговорили с Перепёлкиной о книге.", "Перепёлкина"),
    ("Городские новости", "Выставка открылась в субботу.", "выставки"),
    ("Городские новости", "На выставках было людно.", "выставка"),
    ("Ёлка на площади", "", "елки"),
    ("Елки на площади", "", "ёлка"),
    ("Концерт отменили", "", "КОНЦЕРТОВ"),
    ("Новости", "Фестиваль прошёл в Казани.", "Казань"),
    ("Релиз", "Клип вышел в Instagram", "instagram"),
    ("Итоги 2026 года", "", "2026"),
    ("Онлайн-кинотеатр запустил сервис", "", "кинотеатры"),
    ("Сериал продлили", "Съёмки второго сезона начнутся весной.", "съемки сезон"),
    ("Премьера", "Его ждут зри́тели.", "зрители"),
]


@pytest.mark.parametrize(("headline", "body", "typed"), FORMS, ids=[f[2] for f in FORMS])
def test_every_inflected_form_finds_the_word(client, published, headline, body, typed):
    published(headline, body=[paragraph(body)] if body else [])
    published("Совсем другой материал", body=[paragraph("Про погоду и дороги.")])
    assert titles(search(client, typed)) == [headline]


#: (headline, what a reader types): no match.
UNRELATED = [
    ("Перепёлкин открыл блог", "Перепёлкин выставка"),  # every word must be found
    ("Выставка в Самаре", "Казань"),
    ("Концерт отменили", "концертмейстер"),
]


@pytest.mark.parametrize(("headline", "typed"), UNRELATED, ids=[u[1] for u in UNRELATED])
def test_a_query_finds_nothing_that_lacks_one_of_its_words(client, published, headline, typed):
    published(headline)
    assert titles(search(client, typed)) == []


CASES = ["Кедрова", "Кедровой", "Кедрову", "Кедровою", "Полиной Кедровой", "о Полине Кедровой"]


@pytest.mark.parametrize("typed", CASES)
@pytest.mark.parametrize("written", ["Полина Кедрова", "Полине Кедровой", "Полину Кедрову"])
def test_a_person_of_the_directory_is_found_in_every_case(
    client, publish, article_factory, written, typed
):
    """pymorphy3 reads this surname as an adjective in some cases (``кедровый``) and as a
    noun in others; the directory's declension ties every form to the person."""
    from polosa.people.models import Person

    Person.objects.create(name="Полина Кедрова", category="actor")
    publish(article_factory("Премьера весной", body=[paragraph(f"Роль досталась {written}.")]))
    publish(article_factory("Кедровая роща", body=[paragraph("Про лес.")]))
    assert "Премьера весной" in titles(search(client, typed))


def test_tags_authors_and_linked_people_are_searchable(client, published):
    from polosa.news import content
    from polosa.people.models import Mention, Person

    author = content.ensure_author("Екатерина Вьюгина")
    by_author = published("Новый релиз", authors=[author])
    tagged = published("Лучшие места", tags=["путешествия"])
    linked = published("Интервью недели")
    person = Person.objects.create(name="Ульяна Светлова", category="actor")
    Mention.objects.create(person=person, article=linked, source=Mention.Source.MANUAL)
    from polosa.search.index import index_article

    index_article(linked.pk)  # the link's own signal waits for a commit
    assert titles(search(client, "Вьюгиной")) == [by_author.title]
    assert titles(search(client, "путешествие")) == [tagged.title]
    assert titles(search(client, "Светловой")) == [linked.title]


# -- order -----------------------------------------------------------------------------


@pytest.fixture(params=["one pass", "windows", "narrow windows"])
def plan(request, monkeypatch):
    """PostgreSQL scores a result set within the cap in one pass and a larger one window
    by window, newest first: every plan gives the same order (SQLite always reads tier by
    tier). With narrow windows (this week, then the rest) more tiers reach the last one."""
    from polosa.search import query

    monkeypatch.setattr(query, "PG_ONE_PASS", 10**9 if request.param == "one pass" else -1)
    if request.param == "narrow windows":
        monkeypatch.setattr(query, "PG_RINGS", (1,))


def test_a_headline_match_ranks_above_a_body_match_even_when_older(client, plan, published):
    now = timezone.now()
    published(
        "Городские новости",
        body=[paragraph("Выставка открылась в субботу.")],
        published_at=now - timedelta(hours=1),
    )
    published("Выставка открылась", published_at=now - timedelta(days=40))
    assert titles(search(client, "выставка")) == ["Выставка открылась", "Городские новости"]


def test_headline_then_lead_and_names_then_body_for_articles_of_the_same_day(
    client, plan, published
):
    now = timezone.now()
    published("Городские новости", body=[paragraph("Выставка открылась.")], published_at=now)
    published("Выставка открылась", published_at=now - timedelta(hours=2))
    published("Главное за день", lead="Выставка открылась.", published_at=now - timedelta(hours=1))
    assert titles(search(client, "выставка")) == [
        "Выставка открылась",
        "Главное за день",
        "Городские новости",
    ]


def test_a_lead_match_of_today_outranks_a_headline_match_of_a_year_ago(client, plan, published):
    now = timezone.now()
    published("Выставка открылась", published_at=now - timedelta(days=365))
    published("Главное за день", lead="Выставка открылась.", published_at=now)
    assert titles(search(client, "выставка")) == ["Главное за день", "Выставка открылась"]


def test_among_equal_matches_the_newer_comes_first(client, plan, published):
    now = timezone.now()
    for days, title in [(300, "Концерт год назад"), (2, "Концерт вчера"), (30, "Концерт в мае")]:
        published(title, published_at=now - timedelta(days=days))
    assert titles(search(client, "концерт")) == [
        "Концерт вчера",
        "Концерт в мае",
        "Концерт год назад",
    ]


def test_recency_outweighs_a_small_difference_in_relevance(client, plan, published):
    """Two headline matches: a fresh one with the word once beats an old one that repeats
    it — the blend, not relevance alone."""
    now = timezone.now()
    published("Концерт, концерт и ещё концерт", published_at=now - timedelta(days=700))
    published("Концерт в парке", published_at=now - timedelta(hours=2))
    assert titles(search(client, "концерт"))[0] == "Концерт в парке"


# -- filters and pages -------------------------------------------------------------------


@pytest.fixture
def three_concerts(published, rubrics):
    now = timezone.now()
    published(
        "Концерт в парке", rubric=rubrics[1], kind="news", published_at=now - timedelta(hours=3)
    )
    published(
        "Рецензия на концерт",
        rubric=rubrics[1],
        kind="review",
        published_at=now - timedelta(days=20),
    )
    published(
        "Концерт и кино", rubric=rubrics[2], kind="feature", published_at=now - timedelta(days=200)
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Концерт в парке", "Рецензия на концерт", "Концерт и кино"]),
        ({"rubric": "muzyka"}, ["Концерт в парке", "Рецензия на концерт"]),
        ({"rubric": "kino"}, ["Концерт и кино"]),
        ({"kind": "review"}, ["Рецензия на концерт"]),
        ({"rubric": "kino", "kind": "review"}, []),
        ({"period": "day"}, ["Концерт в парке"]),
        ({"period": "month"}, ["Концерт в парке", "Рецензия на концерт"]),
        ({"period": "year"}, ["Концерт в парке", "Рецензия на концерт", "Концерт и кино"]),
    ],
    ids=["all", "rubric", "other-rubric", "kind", "rubric-and-kind", "day", "month", "year"],
)
def test_filters_by_rubric_kind_and_period(client, plan, three_concerts, params, expected):
    assert titles(search(client, "концерт", **params)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"rubric": "net-takoy"},
        {"kind": "poem"},
        {"period": "century"},
        {"page": "abc"},
        {"page": "0"},
        {"page": "-1"},
        {"page": "1e9"},
        {"page": "9999999"},
        {"page": "3"},
    ],
    ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()),
)
def test_bad_parameters_are_a_404_never_a_server_error(client, three_concerts, params):
    assert search(client, "концерт", **params).status_code == 404


def test_results_are_paginated_like_the_listings(client, plan, published):
    now = timezone.now()
    for number in range(23):
        published(f"Фестиваль номер {number}", published_at=now - timedelta(hours=number))
    first, second = search(client, "фестиваль"), search(client, "фестиваль", page="2")
    assert len(titles(first)) == 20
    assert titles(second) == [f"Фестиваль номер {n}" for n in range(20, 23)]
    assert total(second) == "Найдено 23 материала"
    [next_page] = tree(first).xpath("//a[@rel='next']/@href")
    assert client.get(next_page).content == second.content
    assert search(client, "фестиваль", page="3").status_code == 404


def test_the_filters_stay_on_the_next_page(client, published, rubrics):
    for number in range(21):
        published(f"Концерт {number}", rubric=rubrics[1])
    published("Концерт в кино", rubric=rubrics[2])
    [link] = tree(search(client, "концерт", rubric="muzyka")).xpath("//a[@rel='next']/@href")
    assert "rubric=muzyka" in link and "page=2" in link


@pytest.mark.parametrize(
    ("count", "label"),
    [(1, "Найден 1 материал"), (3, "Найдено 3 материала"), (5, "Найдено 5 материалов")],
)
def test_the_number_found_is_said_in_russian(client, published, count, label):
    for number in range(count):
        published(f"Премьера {number}")
    assert total(search(client, "премьера")) == label


@pytest.fixture
def cap(monkeypatch):
    """A count capped at 5 (and PostgreSQL's windows from 6 matches on)."""
    from polosa.search import query

    monkeypatch.setattr(query, "COUNT_CAP", 5)
    monkeypatch.setattr(query, "PG_ONE_PASS", 5)
    return 5


def test_past_the_cap_the_count_says_more_than_and_the_pages_end_there(client, cap, published):
    now = timezone.now()
    for number in range(7):
        published(f"Премьера номер {number}", published_at=now - timedelta(hours=number))
    first = search(client, "премьера")
    assert total(first) == "Найдено более 5 материалов"
    assert titles(first) == [f"Премьера номер {n}" for n in range(5)]
    assert not tree(first).xpath("//a[@rel='next']")
    assert search(client, "премьера", page="2").status_code == 404
    assert total(search(client, "премьера номер 6")) == "Найден 1 материал"


@pytest.mark.parametrize(
    ("count", "label"),
    [
        (1, "Найдено более 1 материала"),
        (21, "Найдено более 21 материала"),
        (3, "Найдено более 3 материалов"),
        (11, "Найдено более 11 материалов"),
        (1000, "Найдено более 1000 материалов"),
    ],
)
def test_more_than_the_cap_is_said_in_the_genitive(count, label):
    from polosa.search.selectors import SearchForm, SearchResults

    results = SearchResults(form=SearchForm(q="концерт", page=1), total=count, capped=True)
    assert results.found_label == label


def test_past_the_cap_a_fresh_headline_match_still_comes_first(client, cap, plan, published):
    """Many recent body matches and one headline match of yesterday: the windows find the
    headline's tier in the first one and rank it above them all."""
    now = timezone.now()
    for number in range(8):
        published(
            f"Городские новости {number}",
            body=[paragraph("Выставка открылась в субботу.")],
            published_at=now - timedelta(minutes=number),
        )
    published("Выставка открылась", published_at=now - timedelta(days=1))
    found = titles(search(client, "выставка"))
    assert found[0] == "Выставка открылась"
    assert found[1:] == [f"Городские новости {n}" for n in range(4)]


def test_past_the_cap_an_old_headline_match_outranks_fresh_body_matches(
    client, cap, plan, published
):
    """The windows go back as far as the headline's tier could still reach the page."""
    now = timezone.now()
    for number in range(8):
        published(
            f"Городские новости {number}",
            body=[paragraph("Выставка открылась в субботу.")],
            published_at=now - timedelta(minutes=number),
        )
    published("Выставка открылась", published_at=now - timedelta(days=200))
    assert titles(search(client, "выставка"))[0] == "Выставка открылась"


def test_the_filters_index_terms_are_never_found_by_a_readers_words(client, published, rubrics):
    from polosa.search.models import SearchEntry

    article = published("Концерт в парке", rubric=rubrics[1], kind="review")
    facets = SearchEntry.objects.get(article_id=article.pk).facets.split()
    assert [facet[:2] for facet in facets] == ["§r", "§k", "§w"]
    for facet in facets:
        assert titles(search(client, facet[1:])) == []
        assert titles(search(client, facet)) == []
    assert titles(search(client, "концерт", rubric="muzyka", kind="review")) == [
        " ".join(article.title.split())
    ]


# -- what is shown -----------------------------------------------------------------------


def test_the_snippet_shows_the_matching_words_marked(client, published):
    filler = "Вступление без нужных слов. " * 20
    published(
        "Новости города",
        body=[paragraph(filler + "В субботу открылась выставка Перепёлкина в центре.")],
    )
    response = search(client, "выставки перепелкина")
    [text] = snippets(response)
    assert text.startswith("…") and "выставка Перепёлкина" in text
    assert marked(response) == ["выставка", "Перепёлкина"]


def test_the_rubric_and_time_line_is_that_of_the_cards(client, published, rubrics):
    published_at = timezone.now().replace(month=2, day=25, hour=11, minute=40)
    if published_at > timezone.now():
        published_at = published_at.replace(year=published_at.year - 1)
    published("Рецензия на фильм", rubric=rubrics[2], published_at=published_at)
    [meta] = tree(search(client, "рецензия")).xpath("//li[@class='search-result']/p[@class='meta']")
    text = " ".join(meta.text_content().split())
    assert text.startswith("Кино — 25 февраля")
    assert meta.xpath(".//a/@href") == ["/kino/"]


def test_text_that_looks_like_markup_is_shown_as_text(client, published):
    published(
        "Тег <b>жирный</b> в заголовке",
        body=[paragraph("Код &lt;script&gt;alert(1)&lt;/script&gt; в тексте")],
    )
    response = search(client, "жирный")
    html = response.content.decode()
    assert "<script>alert" not in html and "<b>жирный" not in html
    assert snippets(response) == ["Код <script>alert(1)</script> в тексте"]


def test_legal_marks_do_not_get_in_the_way(client, published, settings, tmp_path):
    from polosa.legal import demo, registry

    settings.VAR_DIR = tmp_path
    registry.import_entries(demo.ENTRIES["extremist"], source_name="demo")
    registry.forget()
    article = published("Блогер ушёл из Инстаграма", body=[paragraph("Он вёл Instagram пять лет.")])
    page = client.get(article.url).content.decode()
    assert "*" in page  # the page marks the mention
    response = search(client, "инстаграм")
    assert titles(response) == ["Блогер ушёл из Инстаграма"]
    assert "*" not in snippets(response)[0] and "Деятельность" not in snippets(response)[0]
    registry.forget()


def test_an_empty_query_shows_the_form_and_no_results(client, published):
    published("Концерт")
    for q in ("", "   ", "и в на"):
        page = tree(search(client, q))
        assert page.xpath("//form[@role='search']")
        assert not page.xpath("//li[@class='search-result']")


def test_no_results_suggests_a_close_spelling(client, published):
    published("Выставка Перепёлкина открылась")
    response = search(client, "выставкы")
    assert titles(response) == []
    assert "ничего не найдено" in response.content.decode()
    [suggestion] = tree(response).xpath("//p[@class='search-suggestion']/a")
    assert suggestion.text_content() == "выставка"
    assert titles(client.get(suggestion.get("href"))) == ["Выставка Перепёлкина открылась"]


def test_no_suggestion_without_a_close_word(client, published):
    published("Выставка Перепёлкина открылась")
    response = search(client, "квантовый")
    assert "ничего не найдено" in response.content.decode()
    assert not tree(response).xpath("//p[@class='search-suggestion']")


# -- nothing hidden leaks ----------------------------------------------------------------

HIDDEN_STATES = ["draft", "scheduled", "unpublished", "restricted", "expired"]


def hide(article, state: str, publish) -> None:
    from django.core.management import call_command
    from wagtail.models import PageViewRestriction

    if state == "unpublished":
        article.unpublish()
    elif state == "restricted":
        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="эмбарго"
        )
    elif state == "expired":
        article.expire_at = timezone.now() - timedelta(minutes=1)
        publish(article)
        call_command("publish_scheduled")  # what polosa worker runs


@pytest.fixture(params=HIDDEN_STATES)
def secret(request, article_factory, publish, rubric):
    """A published article about «отставка министра» and another one, hidden in each way an
    article can be, mentioning a word no other article has."""
    state = request.param
    body = [paragraph("Министр подал в отставку. Засекреченный доклад опубликуют позже.")]
    if state == "draft":
        article_factory("Министр уходит", rubric=rubric, live=False, body=body)
    elif state == "scheduled":
        article = article_factory("Министр уходит", rubric=rubric, live=False, body=body)
        article.go_live_at = timezone.now() + timedelta(days=1)
        publish(article)  # with go_live_at in the future this only schedules it
    else:
        article = publish(article_factory("Министр уходит", rubric=rubric, body=body))
        hide(article, state, publish)
    # Its own time: the factory's default goes back a minute per article made in the run,
    # past the «day» filter in a long one.
    publish(article_factory("Министр отчитался", rubric=rubric, published_at=timezone.now()))
    from polosa.news.listing import published_articles

    assert not published_articles().filter(title="Министр уходит").exists()
    return state


@pytest.mark.parametrize(
    "params", [{}, {"rubric": "novosti"}, {"period": "day"}, {"kind": "news"}], ids=str
)
def test_a_hidden_article_is_in_no_result_snippet_or_count(client, secret, params):
    both = search(client, "министр", **params)
    assert titles(both) == ["Министр отчитался"]
    assert total(both) == "Найден 1 материал"
    assert "отставк" not in both.content.decode()
    only_hidden = search(client, "засекреченный доклад", **params)
    assert titles(only_hidden) == [] and total(only_hidden) == ""
    assert "ничего не найдено" in only_hidden.content.decode()


def test_a_hidden_article_is_not_even_suggested(client, secret):
    response = search(client, "засекреченый")
    assert not tree(response).xpath("//p[@class='search-suggestion']")


# -- cache and budget --------------------------------------------------------------------


def test_a_search_page_is_served_from_the_page_cache_until_a_publication(client, published):
    published("Концерт в парке", published_at=timezone.now() - timedelta(hours=1))
    first = search(client, "концерт")
    assert first["X-Polosa-Cache"] == "miss"
    again = search(client, "концерт", utm_source="telegram")
    assert again["X-Polosa-Cache"] == "hit"
    published("Концерт на крыше", published_at=timezone.now())
    fresh = search(client, "концерт")
    assert fresh["X-Polosa-Cache"] == "miss"
    assert titles(fresh) == ["Концерт на крыше", "Концерт в парке"]


def test_past_the_cap_a_page_costs_a_query_per_window_read_on_postgresql(
    client, cap, published, django_assert_num_queries
):
    """Fresh headline matches fill the (capped) page from the first window, and no older
    match of another tier could reach it: the count, one window, the snippets' text, the
    articles (SQLite: the count, the page, the articles)."""
    from django.db import connection

    now = timezone.now()
    for number in range(7):
        published(f"Концерт номер {number}", published_at=now - timedelta(minutes=number))
    search(client, "погода")
    with django_assert_num_queries(4 if connection.vendor == "postgresql" else 3):
        response = search(client, "концерт")
    assert titles(response) == [f"Концерт номер {n}" for n in range(5)]


@pytest.mark.parametrize("count", [1, 30])
def test_a_search_page_costs_three_queries_whatever_the_number_of_results(
    client, published, django_assert_num_queries, count
):
    """The count, the page of matches with their snippets, the articles; rubrics and the
    directory's names come from the stored values a first search left."""
    for number in range(count):
        published(f"Концерт номер {number}")
    search(client, "погода")  # another page: leaves the stored rubrics, site and names
    with django_assert_num_queries(3):
        response = search(client, "концерт")
    assert len(titles(response)) == min(count, 20)


def test_the_masthead_form_sends_its_words_to_the_search_page(client, published):
    """``search/_masthead_form.html``, which the site's masthead includes."""
    from django.template.loader import render_to_string

    published("Концерт в парке")
    form = lxml_html.fromstring(render_to_string("search/_masthead_form.html"))
    assert form.get("action") == "/search/" and form.get("method") == "get"
    [field] = form.xpath(".//input[@type='search']")
    assert titles(client.get(form.get("action"), {field.get("name"): "концерты"})) == [
        "Концерт в парке"
    ]

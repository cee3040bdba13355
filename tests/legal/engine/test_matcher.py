"""Scanning, boundaries, dates, marking, footnotes and the compiled-matcher cache."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polosa.legal.engine import (
    DEFAULT_FOOTNOTES,
    RegistryEntry,
    compile_entries,
    decision_key,
    render_footnotes_html,
    render_footnotes_text,
)

from .registry import CORPUS_DAY, ENTRIES, META_FOOTNOTE


@pytest.fixture(scope="module")
def matcher():
    return compile_entries(ENTRIES)


def _ids(mentions, certainty=None):
    return [m.entry_id for m in mentions if certainty in (None, m.certainty)]


def test_mention_offsets_point_into_the_original(matcher):
    html = "<p>Вчера <b>Иван</b>&nbsp;Иванов и &laquo;Дождь&raquo;</p>"
    mentions = matcher.scan(html, on=CORPUS_DAY)
    assert [m.text for m in mentions] == ["Иван</b>&nbsp;Иванов", "Дождь"]
    for m in mentions:
        assert html[m.start : m.end] == m.text


def test_boundaries(matcher):
    text = "Метан, Метафора, Ивановка, Иванович, Иванов-Крамской, metaverse"
    assert matcher.scan(text, on=CORPUS_DAY) == []


def test_dates(matcher):
    assert _ids(matcher.scan("Аркадий Листопадов", on=date(2023, 6, 1))) == ["p_former"]
    assert matcher.scan("Аркадий Листопадов", on=date(2024, 1, 1)) == []
    assert matcher.scan("Всеволод Черемшанов", on=CORPUS_DAY) == []
    assert _ids(matcher.scan("Всеволод Черемшанов", on=date(2026, 1, 1))) == ["p_future"]


def test_same_surname_two_entries():
    entries = [
        RegistryEntry("a", "foreign_agent", "person", "Лаврушин Иван Петрович"),
        RegistryEntry("b", "foreign_agent", "person", "Лаврушин Сергей Олегович"),
    ]
    m = compile_entries(entries)
    assert [(x.entry_id, x.certainty) for x in m.scan("Лаврушин уехал.")] == [
        ("a", "review"),
        ("b", "review"),
    ]
    got = m.scan("Сергей Лаврушин уехал. Лаврушин не вернётся.")
    assert [(x.entry_id, x.certainty) for x in got] == [("b", "sure"), ("b", "sure")]


def test_any_kind_string_is_accepted():
    m = compile_entries([RegistryEntry("c", "person", "person", "Бубликов Эраст Ильич")])
    assert _ids(m.scan("Эраст Бубликов спел.")) == ["c"]


def test_mark_first_mentions_stars_and_footnotes(matcher):
    html = "<p>Анна Петрова и Meta.</p><p>В Инстаграме Петрова и Фейсбук.</p>"
    marked = matcher.mark(html, on=CORPUS_DAY)
    assert marked.html == (
        "<p>Анна Петрова* и Meta**.</p><p>В Инстаграме*** Петрова и Фейсбук.</p>"
    )
    assert [(f.stars, f.entry_id) for f in marked.footnotes] == [
        ("*", "p_petrova"),
        ("**", "o_meta"),
        ("***", "o_instagram"),
    ]
    assert marked.footnotes[0].text == "Петрова Анна Сергеевна признана иностранным агентом в РФ"
    assert marked.footnotes[1].text == META_FOOTNOTE
    assert marked.footnotes[2].text.startswith("Instagram — деятельность организации запрещена")
    repeated = matcher.mark(html, on=CORPUS_DAY, repeat=True)
    assert repeated.html == (
        "<p>Анна Петрова* и Meta**.</p><p>В Инстаграме*** Петрова* и Фейсбук**.</p>"
    )


def test_mark_templates_and_genders(matcher):
    marked = matcher.mark(
        "Иван Иванов и Анна Шмидт",
        on=CORPUS_DAY,
        templates={"foreign_agent": "{name} внесен{a} в реестр иноагентов"},
    )
    assert [f.text for f in marked.footnotes] == [
        "Иванов Иван Петрович внесен в реестр иноагентов",
        "Шмидт Анна Карловна внесена в реестр иноагентов",
    ]
    assert "{name}" in DEFAULT_FOOTNOTES["extremist"]


def test_review_is_marked_only_when_confirmed(matcher):
    text = "Статью написал Орлов."
    assert matcher.mark(text, on=CORPUS_DAY).html == text
    (mention,) = matcher.scan(text, on=CORPUS_DAY)
    assert mention.certainty == "review"
    key = decision_key(mention)
    assert key == ("p_orlov", "орлов")
    assert matcher.mark(text, on=CORPUS_DAY, decisions={key: True}).html == (
        "Статью написал Орлов*."
    )
    assert matcher.mark(text, on=CORPUS_DAY, decisions={key: False}).html == text


LATIN = [
    RegistryEntry("yt", "extremist", "organisation", "YouTube", aliases=("Ютуб",)),
    RegistryEntry("fb", "extremist", "organisation", "Facebook"),
    RegistryEntry("mc", "foreign_agent", "person", "Петров Пётр (псевдоним «Noize MC»)"),
]


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ", "‘", "`", "-", "\u2011"])
@pytest.mark.parametrize(
    ("written", "ending"),
    [("YouTube", "а"), ("YouTube", "у"), ("YouTube", "ом"), ("YouTube", "е"), ("Facebook", "ом")],
)
def test_latin_aliases_take_russian_endings(apostrophe, written, ending):
    matcher = compile_entries(LATIN)
    word = f"{written}{apostrophe}{ending}"
    text = f"Ролик на {word} набрал миллион просмотров."
    (mention,) = matcher.scan(text)
    assert (mention.text, mention.certainty) == (word, "sure")
    assert matcher.mark(text).html == f"Ролик на {word}* набрал миллион просмотров."


def test_latin_pseudonym_takes_an_ending():
    matcher = compile_entries(LATIN)
    (mention,) = matcher.scan("Интервью с Noize MC'ем вышло вчера.")
    assert (mention.entry_id, mention.text, mention.certainty) == ("mc", "Noize MC'ем", "sure")


@pytest.mark.parametrize(
    "text",
    [
        "YouTubers собрались в кафе.",
        "Канал на YouTube2 закрыт.",
        "Проект YouTube-shorts закрыли.",
        "Библиотека Facebook-sdk устарела.",
        "Страница facebookовцев пуста.",
    ],
)
def test_latin_aliases_are_not_found_inside_longer_words(text):
    assert compile_entries(LATIN).scan(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Мой YouTube-канал растёт.", "YouTube-канал"),
        ("Мой Ютуб-канал растёт.", "Ютуб-канал"),
        ("Её Facebook-страница пуста.", "Facebook-страница"),
    ],
)
def test_an_alias_joined_to_a_platform_noun_is_sure_and_marked_after_the_word(text, found):
    mentions = compile_entries(LATIN).scan(text)
    assert [(m.text, m.certainty) for m in mentions] == [(found, "sure")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Facebook'овская лента пустеет.", "Facebook"),
        ("Моя YouTube-зависимость прошла.", "YouTube"),
    ],
)
def test_an_alias_in_another_compound_is_review(text, found):
    mentions = compile_entries(LATIN).scan(text)
    assert [(m.text, m.certainty) for m in mentions] == [(found, "review")]


def test_ordinary_alias_with_a_capital_is_review_even_at_a_sentence_start(matcher):
    for text in ("Дождь выпустил расследование.", "Вчера Дождь выпустил расследование."):
        (mention,) = matcher.scan(text, on=CORPUS_DAY)
        assert (mention.entry_id, mention.text, mention.certainty) == (
            "o_dozhd",
            "Дождь",
            "review",
        )
        assert matcher.mark(text, on=CORPUS_DAY).html == text  # not labelled until confirmed
        confirmed = matcher.mark(text, on=CORPUS_DAY, decisions={decision_key(mention): True})
        assert "Дождь*" in confirmed.html
    for text in ("Весь вечер шёл дождь.", "дождь шёл весь вечер."):
        assert matcher.scan(text, on=CORPUS_DAY) == []
    for text in ("«Дождь» выпустил расследование.", "Телеканал Дождь выпустил расследование."):
        assert [m.certainty for m in matcher.scan(text, on=CORPUS_DAY)] == ["sure"]


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag


def test_split_tag_marking_keeps_html_valid(matcher):
    html = '<p><b>Иван</b> <a href="/x">Иванов</a>, <i>Анна <u>Петрова</u></i></p>'
    marked = matcher.mark(html, on=CORPUS_DAY)
    assert marked.html == (
        '<p><b>Иван</b> <a href="/x">Иванов*</a>, <i>Анна <u>Петрова**</u></i></p>'
    )
    checker = _Checker()
    checker.feed(marked.html)
    checker.close()
    assert checker.stack == []
    marked = matcher.mark("<p>Эфир &laquo;Дождя&raquo;</p>", on=CORPUS_DAY)
    assert marked.html == "<p>Эфир &laquo;Дождя&raquo;*</p>"


def test_render_footnotes(matcher):
    marked = matcher.mark("Анна Петрова & Meta", on=CORPUS_DAY)
    html = render_footnotes_html(marked.footnotes)
    assert html.startswith('<div class="legal-footnotes"><p>* Петрова Анна Сергеевна')
    assert html.count("<p>") == 2
    assert render_footnotes_text(marked.footnotes).splitlines()[1] == "** " + META_FOOTNOTE
    assert render_footnotes_html([]) == ""


def test_cache_round_trip(tmp_path):
    first = compile_entries(ENTRIES, cache_dir=tmp_path)
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    second = compile_entries(ENTRIES, cache_dir=tmp_path)
    assert list(tmp_path.iterdir()) == files  # read from the cache file, nothing new written
    text = "Анна Петрова, Глеб Мороз и Инстаграм"
    assert second.scan(text, on=CORPUS_DAY) == first.scan(text, on=CORPUS_DAY)
    assert second.entries == ENTRIES
    changed = [*ENTRIES[:-1], RegistryEntry("new", "extremist", "organisation", "Фонд «Иней»")]
    compile_entries(changed, cache_dir=tmp_path)
    assert len(list(tmp_path.iterdir())) == 2


_words = st.sampled_from(
    [
        "Анна",
        "Петрова",
        "Иван",
        "Иванов",
        "Мороз",
        "мороз",
        "Дождь",
        "«Дождь»",
        "Meta",
        "Facebook'ом",
        "Instagram",
        "-е",
        "’а",
        "метан",
        "Инстаграме",
        "и",
        "в",
        "на",
        "<b>",
        "</b>",
        "<p>",
        "</p>",
        "&nbsp;",
        "&laquo;",
        "&raquo;",
        ",",
        ".",
        "—",
        "Орлов",
        "Седых",
        "Свидетелей",
        "Иеговы",
    ]
)
_texts = st.lists(_words, max_size=30).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_removing_stars_gives_back_the_input(matcher, text):
    marked = matcher.mark(text, on=CORPUS_DAY, repeat=True)
    assert marked.html.replace("*", "") == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="абвгдежзклмнопрстуфхцчшщыэюя .,<>/&;", max_size=80))
def test_mark_without_mentions_returns_input_unchanged(matcher, text):
    marked = matcher.mark(text, on=CORPUS_DAY)
    if not any(m.certainty == "sure" for m in marked.mentions):
        assert marked.html == text


@settings(max_examples=100, deadline=None)
@given(_texts)
def test_scan_is_deterministic(matcher, text):
    assert matcher.scan(text, on=CORPUS_DAY) == matcher.scan(text, on=CORPUS_DAY)
    assert compile_entries(ENTRIES).scan(text, on=CORPUS_DAY) == matcher.scan(text, on=CORPUS_DAY)

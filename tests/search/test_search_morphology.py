"""The pure parts of search: folding, lemmas, the directory's name forms, highlighting,
plural forms and spelling neighbours (no database)."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polosa.search.highlight import highlight, russian_plural, snippet
from polosa.search.morphology import Lemmatiser, fold, name_forms, tokens
from polosa.search.query import edits

RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
words = st.text(alphabet=RUSSIAN, min_size=1, max_size=14)
texts = st.lists(
    st.one_of(
        words, st.sampled_from([" ", ", ", ". ", " — ", "\u00a0", "-", "«", "»", "<b>", "&"])
    ),
    max_size=30,
).map("".join)
plain = Lemmatiser()


@given(texts)
def test_folding_is_idempotent_and_leaves_no_yo_and_no_capitals(text):
    once = fold(text)
    assert fold(once) == once
    assert "ё" not in once and once == once.lower()


@given(words)
def test_case_and_yo_never_change_the_lemmas(word):
    lemmas = plain.lemmas(fold(word))
    assert plain.lemmas(fold(word.upper())) == lemmas
    assert plain.lemmas(fold(word.replace("е", "ё"))) == lemmas


@settings(max_examples=60)
@given(texts)
def test_a_text_is_found_by_its_own_words(text):
    """Every group of a query made of a text holds a lemma the text's document has."""
    document = set(plain.document(text).split())
    for group in plain.query(text):
        assert group & document


@given(texts)
def test_tokens_point_at_their_words(text):
    for token in tokens(text):
        assert fold(text[token.start : token.end]) == token.folded


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("Перепёлкиным", "перепелкин"),
        ("перепелкина", "перепелкин"),
        ("Перепёлкиной", "перепелкин"),
        ("выставки", "выставка"),
        ("выставкам", "выставка"),
        ("ёлками", "елка"),
        ("Казани", "казань"),
        ("фильмов", "фильм"),
        ("сняли", "снять"),
    ],
)
def test_pymorphy_lemmas_of_common_words_and_surnames(word, lemma):
    assert lemma in plain.lemmas(fold(word))


@pytest.mark.parametrize("word", ["в", "и", "на", "не", "но", "ли", "ох"])
def test_stop_words_have_no_lemma(word):
    assert plain.lemmas(word) == frozenset()
    assert plain.query(f"концерт {word}") == [plain.lemmas("концерт")]


#: Directory names and forms a text may hold (petrovich's declension).
NAMES = [
    ("Полина", "Кедрова", ["Кедрова", "Кедровой", "Кедрову", "Кедровою", "Кедровы", "Кедровых"]),
    (
        "Лев",
        "Черемисин",
        ["Черемисина", "Черемисину", "Черемисиным", "Черемисине", "Льва", "Львом"],
    ),
    ("Ева", "Туманова", ["Тумановой", "Туманову", "Еве", "Евой"]),
    ("Тимур", "Забелин", ["Забелина", "Забелину", "Забелиным", "Забелине", "Тимуром"]),
    ("Алиса", "Волжская", ["Волжской", "Волжскую", "Алисой"]),
    ("Глеб", "Рябинин", ["Рябинина", "Рябининым", "Глебу"]),
]


@pytest.mark.parametrize(("first", "surname", "forms"), NAMES, ids=[n[1] for n in NAMES])
def test_every_form_of_a_directory_name_shares_a_lemma_with_every_other(first, surname, forms):
    names = name_forms(first, surname)
    lemmas = Lemmatiser(names)
    for form in forms:
        nominative = first if lemmas.lemmas(fold(form)) & lemmas.lemmas(fold(first)) else surname
        assert lemmas.lemmas(fold(form)) & lemmas.lemmas(fold(nominative)), form


def test_without_the_directory_some_surnames_split_into_unrelated_lemmas():
    """Why the directory's forms are needed: pymorphy3 alone reads ``Кедровой`` as the
    adjective ``кедровый`` and ``Кедрову`` as the noun ``кедров``."""
    assert not plain.lemmas("кедровой") & plain.lemmas("кедрову")
    with_names = Lemmatiser(name_forms("Полина", "Кедрова"))
    assert with_names.lemmas("кедровой") & with_names.lemmas("кедрову")


def test_a_latin_name_with_a_russian_ending_is_the_name():
    assert plain.query("Instagram-е Facebook'ом") == [
        frozenset({"instagram"}),
        frozenset({"facebook"}),
    ]


# -- highlighting ------------------------------------------------------------------------


def _unmarked(fragment: str) -> str:
    return fragment.replace("<mark>", "").replace("</mark>", "")


@given(texts, words)
def test_highlighting_only_adds_marks_to_the_escaped_text(text, word):
    wanted = plain.lemmas(fold(word))
    out = highlight(text, plain.lemmas, wanted)
    assert _unmarked(out) == html.escape(text)
    assert re.sub(r"</?mark>", "", out).count("<") == 0


@given(texts, words)
def test_a_snippet_is_a_part_of_the_text_about_the_length_asked(text, word):
    out = snippet(text, plain.lemmas, plain.lemmas(fold(word)), length=60)
    body = html.unescape(_unmarked(out)).strip("…")
    assert body in " ".join(text.split())
    assert len(body) <= 60


def test_a_snippet_starts_near_the_matching_words():
    text = (
        "Начало без совпадений. " * 30
        + "Выставка Перепёлкина открылась в Самаре. "
        + "Хвост. " * 30
    )
    wanted = plain.lemmas("выставка") | plain.lemmas("перепелкин")
    out = snippet(text, plain.lemmas, wanted, length=120)
    assert out.startswith("…") and out.endswith("…")
    assert "<mark>Выставка</mark> <mark>Перепёлкина</mark>" in out


@pytest.mark.parametrize(
    ("count", "form"),
    [
        (1, "one"),
        (2, "few"),
        (4, "few"),
        (5, "many"),
        (11, "many"),
        (12, "many"),
        (14, "many"),
        (21, "one"),
        (22, "few"),
        (25, "many"),
        (101, "one"),
        (111, "many"),
        (0, "many"),
    ],
)
def test_russian_plural_forms(count, form):
    assert russian_plural(count, "one", "few", "many") == form


# -- spelling neighbours -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("выставкы", "выставка"),
        ("концэрт", "концерт"),
        ("фестевиль", "фестиваль"),
        ("сириал", "сериал"),
        ("фльм", "фильм"),
        ("филмь", "фильм"),
    ],
)
def test_a_typo_is_one_or_two_edits_away_from_the_word(typo, meant):
    if meant not in edits(typo):
        assert any(meant in edits(near) for near in edits(typo))  # two edits
    else:
        assert meant in edits(typo)


def test_edits_stay_in_the_words_alphabet():
    assert all(ch.isascii() for near in edits("film") for ch in near)
    assert not any(ch.isascii() for near in edits("фильм") for ch in near)

"""Properties of the pure cores added for issue 14: Latin spellings and where stars land."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polosa.legal.engine import compile_entries
from polosa.legal.engine.translit import MAX_VARIANTS, latin_variants, primary_latin

from .corpus_round_two import DAY, ENTRIES

_CYRILLIC_WORDS = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя", min_size=1, max_size=14)


@settings(max_examples=300, deadline=None)
@given(_CYRILLIC_WORDS)
def test_latin_spellings_are_few_distinct_lowercase_latin_words(word):
    variants = latin_variants(word)
    assert len(variants) <= MAX_VARIANTS
    assert len(set(variants)) == len(variants)
    for variant in variants:
        assert re.fullmatch(r"[a-z]+", variant), variant


@settings(max_examples=300, deadline=None)
@given(_CYRILLIC_WORDS)
def test_latin_spellings_ignore_letter_case_and_the_usual_one_comes_first(word):
    assert latin_variants(word.upper()) == latin_variants(word) == latin_variants(word.title())
    if latin_variants(word):
        assert primary_latin(word) == latin_variants(word)[0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="бвгдзклмнпрстф", min_size=1, max_size=10))
def test_letters_with_one_spelling_round_trip_through_the_latin_alphabet(word):
    # б в г д з к л м н п р с т ф have one Latin letter each: the spelling reads back.
    back = str.maketrans("bvgdzklmnprstf", "бвгдзклмнпрстф")
    (only,) = latin_variants(word)
    assert only.translate(back) == word


@pytest.mark.parametrize(
    ("word", "spellings"),
    [
        ("Юрий", {"yuriy", "yury", "yurii", "iurii"}),
        ("Щербаков", {"shcherbakov", "scherbakov"}),
        ("Хабибуллин", {"khabibullin", "habibullin"}),
        ("Ковалёв", {"kovalyov", "kovalev"}),
        ("Наталья", {"natalya", "natalia", "nataliya"}),
        ("Жуковская", {"zhukovskaya", "zhukovskaia"}),
        ("Евгений", {"evgeny", "yevgeny", "evgeniy"}),
        ("Ильин", {"ilin", "ilyin"}),
    ],
)
def test_usual_transliteration_variants(word, spellings):
    assert spellings <= set(latin_variants(word))


@pytest.fixture(scope="module")
def matcher():
    return compile_entries(ENTRIES)


_TOKENS = st.sampled_from(
    [
        "Павел",
        "Воробей",
        "Воробья",
        "Воробьём",
        "Павлом",
        "Анна",
        "и",
        "Пётр",
        "Ковалёвы",
        "Yuriy",
        "Shcherbakov",
        "гром",
        "Ирины",
        "Гром",
        "«Ясном",
        "небе»",
        "«Ясное небо»",
        "Мете",
        "Facebook-страница",
        "Instagram'е",
        "Фонд «Правый берег»",
        "<b>",
        "</b>",
        "<br>",
        "&laquo;",
        "&raquo;",
        ",",
        ".",
        "—",
        "сказал",
        "Лесников",
        "на улице",
    ]
)
_TEXTS = st.lists(_TOKENS, max_size=25).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_marking_never_splits_a_word_and_only_adds_stars(matcher, text):
    marked = matcher.mark(text, on=DAY, repeat=True)
    assert marked.html.replace("*", "") == text.replace("*", "")
    for m in re.finditer(r"\*+", marked.html):
        before = marked.html[: m.start()]
        after = marked.html[m.end() :]
        assert not (after[:1].isalnum() and before[-1:].isalnum()), marked.html
        assert not before.endswith("<") and not re.search(r"&\w*$", before), marked.html
        assert not re.search(r"<[^>]*$", before), marked.html

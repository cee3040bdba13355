"""Pure text functions: escaping, word-boundary cuts, Telegram posts, the Dzen whitelist."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polosa.distribution.entries import Entry, json_feed
from polosa.distribution.text import (
    cut_words,
    html_to_text,
    json_ld_script,
    telegram_fits_whole,
    telegram_message,
    whitelist_html,
)

URL = "https://polosa.example/kino/a-b/?x=1&y=2"
words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=3000
)


@settings(max_examples=150, deadline=None)
@given(
    title=words,
    lead=words,
    notes=st.lists(st.text(max_size=200), max_size=3),
    limit=st.sampled_from([1024, 4096, 300]),
)
def test_telegram_message_fits_keeps_link_and_escapes(title, lead, notes, limit):
    message = telegram_message(title, lead, URL, notes, limit=limit)
    assert len(message) <= limit
    assert '<a href="https://polosa.example/kino/a-b/?x=1&amp;y=2">Читать на сайте</a>' in message
    # Only our own tags remain; the rest is escaped text.
    stripped = re.sub(r"</?b>|<a href=\"[^\"]*\">|</a>", "", message)
    assert "<" not in stripped and ">" not in stripped
    assert not re.search(r"&(?!amp;|lt;|gt;|quot;|#x27;)", stripped)


@given(text=st.text(max_size=500), limit=st.integers(min_value=0, max_value=600))
def test_cut_words_within_limit(text, limit):
    result = cut_words(text, limit)
    assert len(result) <= limit
    if len(text) <= limit:
        assert result == text


def test_cut_on_word_boundary():
    assert cut_words("один два три четыре", 12) == "один два…"


def test_footnotes_are_kept_when_lead_is_cut():
    message = telegram_message(
        "Заголовок", "слово " * 500, URL, ["* Имя признан иноагентом"], limit=1024
    )
    assert message.endswith("* Имя признан иноагентом") and len(message) <= 1024


PLAQUE = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН "
    "ИНОСТРАННЫМ АГЕНТОМ ОРЛОВЫМ ПЕТРОМ ИЛЬИЧОМ ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО "
    "АГЕНТА ОРЛОВА ПЕТРА ИЛЬИЧА. 18+"
)


@settings(max_examples=60, deadline=None)
@given(lead=words, limit=st.sampled_from([1024, 4096]))
def test_the_plaque_opens_the_post_and_is_never_cut(lead, limit):
    message = telegram_message("Колонка", lead, URL, ["* сноска"], limit=limit, plaque=PLAQUE)
    assert message.startswith(PLAQUE + "\n\n<b>Колонка</b>")
    assert len(message) <= limit
    assert message.endswith("* сноска")


headlines = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
    min_size=1,
    max_size=255,  # Wagtail's title field
)
footnote_lists = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=700),
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(
    title=headlines,
    lead=words,
    notes=footnote_lists,
    plaque=st.sampled_from(["", PLAQUE]),
    limit=st.sampled_from([1024, 4096]),
)
def test_when_everything_fits_the_headline_and_every_footnote_are_whole(
    title, lead, notes, plaque, limit
):
    message = telegram_message(title, lead, URL, notes, limit=limit, plaque=plaque)
    assert len(message) <= limit
    if telegram_fits_whole(title, URL, notes, limit=limit, plaque=plaque):
        assert f"<b>{html.escape(title)}</b>" in message
        assert all(html.escape(note) in message for note in notes)


@settings(max_examples=150, deadline=None)
@given(title=headlines, lead=words, notes=footnote_lists, plaque=st.sampled_from(["", PLAQUE]))
def test_the_headline_and_the_link_survive_any_footnotes(title, lead, notes, plaque):
    """Long footnotes used to push the headline out of a 1 024-character caption."""
    message = telegram_message(title, lead, URL, notes, limit=1024, plaque=plaque)
    opening = f"{html.escape(plaque)}\n\n" if plaque else ""
    assert message.startswith(f"{opening}<b>{html.escape(title)}</b>")
    assert '<a href="https://polosa.example/kino/a-b/?x=1&amp;y=2">Читать на сайте</a>' in message


LONG_FOOTNOTE = (
    "* Деятельность компании Meta Platforms Inc. (Facebook и Instagram) на территории РФ "
    "запрещена по решению Тверского районного суда г. Москвы от 21.03.2022; "
) * 7


@pytest.mark.parametrize(
    ("notes", "limit", "fits"),
    [
        pytest.param(["* Имя признан иноагентом"], 1024, True, id="short-footnote-caption"),
        pytest.param([LONG_FOOTNOTE], 1024, False, id="long-footnote-caption"),
        pytest.param([LONG_FOOTNOTE], 4096, True, id="long-footnote-message"),
        pytest.param([LONG_FOOTNOTE] * 5, 4096, False, id="five-long-footnotes-message"),
    ],
)
def test_whether_a_post_holds_its_headline_and_footnotes_whole(notes, limit, fits):
    title = "Суд оштрафовал блогера за репост"
    assert telegram_fits_whole(title, URL, notes, limit=limit, plaque=PLAQUE) is fits
    message = telegram_message(title, "Лид. " * 300, URL, notes, limit=limit, plaque=PLAQUE)
    assert f"<b>{title}</b>" in message and "Читать на сайте</a>" in message
    assert message.endswith(html.escape(notes[-1])) is fits


def test_whitelist_keeps_dzen_tags_and_absolutises():
    raw = (
        '<div><p class="x">Текст <strong>жирный</strong> <span>и</span> '
        '<a href="/kino/" onclick="x()">ссылка</a></p><script>alert(1)</script>'
        '<img src="/media/a.jpg?w=1" onerror="x"><h5>мелко</h5></div>'
    )
    clean = whitelist_html(raw, "https://polosa.example")
    assert clean == (
        '<p>Текст <b>жирный</b> и <a href="https://polosa.example/kino/">ссылка</a></p>'
        '<img src="https://polosa.example/media/a.jpg">мелко'
    )


def test_html_to_text_and_json_ld():
    assert html_to_text("<p>Раз &amp; два</p><p>три</p>") == "Раз & два\n\nтри"
    script = json_ld_script({"headline": "</script><b>"})
    assert "</script><b>" not in script[:-9] and html.unescape(script)


def test_json_feed_document():
    from datetime import UTC, datetime

    moment = datetime(2026, 2, 25, 15, 50, tzinfo=UTC)
    entry = Entry("id-1", "https://x/1/", "Заголовок", "<p>Лид</p>", "Лид", moment, moment)
    document = json_feed(
        title="Полоса",
        home_page_url="https://x/",
        feed_url="https://x/f/",
        description="",
        entries=[entry],
    )
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["items"][0]["date_published"] == "2026-02-25T15:50:00+00:00"
    assert document["items"][0]["content_html"] == "<p>Лид</p>"

import re

from hypothesis import given
from hypothesis import strategies as st

from polosa.core.typography import NBSP, transliterate, typograph, typograph_html


def test_straight_quotes_become_guillemets_outside_and_lapki_inside():
    assert typograph('Фильм "Дом "Тишина" у моря"') == "Фильм «Дом „Тишина“ у\u00a0моря»"


def test_short_words_are_tied_to_the_next_word():
    assert typograph("Мы были в кино и на концерте") == (
        f"Мы{NBSP}были в{NBSP}кино и{NBSP}на{NBSP}концерте"
    )


def test_spaced_hyphen_between_words_becomes_an_em_dash():
    assert typograph("Москва - столица") == f"Москва{NBSP}— столица"


def test_initials_are_kept_with_the_surname():
    assert "А.\u00a0С.\u00a0Пушкин" in typograph("поэт А. С. Пушкин")


def test_transliteration_for_slugs():
    assert transliterate("Щука и ёж") == "Shchuka i ezh"


def test_a_decimal_point_becomes_a_comma_but_dates_and_addresses_stay():
    assert typograph("рейтинг 7.5 из 10") == f"рейтинг 7,5 из{NBSP}10"
    assert typograph("25.02.2026 в 18.50") == f"25.02.2026 в{NBSP}18.50"  # a time
    assert typograph("сервер 192.168.0.1") == "сервер 192.168.0.1"


def test_html_keeps_tags_and_attributes_and_pairs_quotes_across_them():
    source = '<p>Фильм "<b>Дом</b>" - лучший в <a href="/a-b" title="x - y">Москве</a></p>'
    assert typograph_html(source) == (
        f'<p>Фильм «<b>Дом</b>»{NBSP}— лучший в{NBSP}<a href="/a-b" title="x - y">Москве</a></p>'
    )


def test_html_quotes_start_afresh_in_each_paragraph():
    source = '<p>&quot;Дождь&quot; и я</p><p>"<i>Два</i>"</p>'
    assert typograph_html(source) == f"<p>«Дождь» и{NBSP}я</p><p>«<i>Два</i>»</p>"


def test_code_is_left_exactly_as_typed():
    source = '<p>Код: <code>a - "b" 1.5</code></p>'
    assert typograph_html(source) == source


plain_text = st.text(
    alphabet=st.sampled_from(list('абв где Ж 12.5 "-—.,!') + [" ", NBSP]), max_size=60
)


@given(plain_text)
def test_typography_is_idempotent(text):
    once = typograph(text)
    assert typograph(once) == once


@given(plain_text)
def test_typography_changes_only_spaces_quotes_dashes_and_points(text):
    changed = typograph(text)
    letters = [char for char in text if char.isalnum()]
    assert [char for char in changed if char.isalnum()] == letters


markup_and_text = st.lists(
    st.sampled_from(
        ["<p>", "</p>", "<b>", "</b>", '<a href="/x-y" title="a - b">', "</a>"]
        + ['<a linktype="page" id="3">', '<embed embedtype="image" id="7" alt="&quot;x&quot;"/>']
        + ["<code>", "</code>", "&amp;", "&lt;", "&nbsp;"]
    )
    | plain_text,
    max_size=8,
).map("".join)


@given(markup_and_text)
def test_html_typography_never_touches_markup(html):
    assert re.findall(r"<[^>]*>", typograph_html(html)) == re.findall(r"<[^>]*>", html)


@given(markup_and_text)
def test_html_typography_is_idempotent(html):
    once = typograph_html(html)
    assert typograph_html(once) == once


def test_times_versions_and_paths_keep_their_points():
    assert typograph("с 9.30 до 18.00") == f"с{NBSP}9.30 до{NBSP}18.00"
    assert typograph("версия v1.2 и путь /docs/1.5/") == f"версия v1.2 и{NBSP}путь /docs/1.5/"
    assert typograph("выросла на 2.75") == f"выросла на{NBSP}2,75"


def test_an_unclosed_quote_does_not_run_into_the_next_paragraph():
    assert typograph_html('<p>Он сказал "да</p><p>"Нет" - ответили</p>') == (
        f"<p>Он{NBSP}сказал «да</p><p>«Нет»{NBSP}— ответили</p>"
    )


def test_quantities_after_time_words_still_get_a_decimal_comma():
    assert typograph("выросла в 1.45 раза") == f"выросла в{NBSP}1,45 раза"
    assert typograph("около 1.25 млн") == "около 1,25 млн"
    assert typograph("до 4.50 евро") == f"до{NBSP}4,50 евро"


def test_huge_verbatim_blocks_are_left_as_they_are():
    source = "<pre>" + "<span>x</span>" * 40000 + "</pre>"
    assert typograph_html(source) == source

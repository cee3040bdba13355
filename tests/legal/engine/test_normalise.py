"""Normalisation and its map back to the original offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from polosa.legal.engine import normalise


def _back(norm, start, end):
    return norm.original[norm.start(start) : norm.end(end)]


def test_folds_case_yo_quotes_dashes_and_spaces():
    norm = normalise("Ёлка\u00a0«Рога»\u00a0—  Тест")
    assert norm.text == 'елка "рога" - тест'


def test_drops_soft_hyphens_and_zero_width_characters():
    norm = normalise("Ива\u00adнов и Инста\u200bграм")
    assert norm.text == "иванов и инстаграм"
    assert _back(norm, 0, 6) == "Ива\u00adнов"


def test_strips_inline_tags_and_decodes_entities_with_offsets():
    html = "<p>Слово <b>Ивану</b>&nbsp;Иванову &laquo;Дождь&raquo;</p>"
    norm = normalise(html)
    assert norm.text == '\nслово ивану иванову "дождь"\n'.lstrip("\n")
    i = norm.text.index("ивану")
    assert _back(norm, i, i + len("ивану иванову")) == "Ивану</b>&nbsp;Иванову"
    q = norm.text.index('"')
    assert _back(norm, q, q + 1) == "&laquo;"


def test_block_tags_are_boundaries():
    for html in ("<p>Иван</p><p>Иванов</p>", "<li>Иван</li> <li>Иванов</li>"):
        assert "иван иванов" not in normalise(html).text
        assert "иван\nиванов" in normalise(html).text


def test_a_line_break_is_a_space():
    for html in ("Иван<br>Иванов", "Иван<br/> Иванов", "Иван <BR>\nИванов"):
        assert "иван иванов" in normalise(html).text


def test_script_and_comments_are_not_text():
    assert "петрова" not in normalise("<script>x='Анна Петрова'</script><!-- Петрова -->").text


def test_plain_text_with_angle_brackets_is_not_html():
    assert normalise("a < b > c & d").text == "a < b > c & d"


_alphabet = st.sampled_from(
    list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВИЁ ,.«»—-\u00a0\u00ad\u200b")
    + ["<p>", "</p>", "<b>", "</b>", "&nbsp;", "&laquo;", "&shy;", "<br>", "&amp;", "İ"]
)


@given(st.lists(_alphabet, max_size=60).map("".join))
def test_offset_map_points_inside_the_input(text):
    norm = normalise(text)
    for i in range(len(norm.text)):
        start, end = norm.start(i), norm.end(i + 1)
        assert 0 <= start <= end <= len(text)
    assert norm.start(0) >= 0

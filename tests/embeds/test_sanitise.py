"""Only the allowed embed shapes survive: frames from allowed origins, Telegram's post
widget, plain-text quotes; nothing that runs code or loads from elsewhere."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polosa.embeds.providers import embed_origins
from polosa.embeds.sanitise import sanitise

ORIGINS = embed_origins()
RUTUBE = "https://rutube.ru/play/embed/0123456789abcdef0123456789abcdef/"
WIDGET = "https://telegram.org/js/telegram-widget.js?22"

#: (case, markup a provider might return, what must not survive, what must)
HOSTILE = [
    (
        "inline-script",
        f'<iframe src="{RUTUBE}"></iframe><script>alert(1)</script>',
        "alert",
        RUTUBE,
    ),
    (
        "script-from-elsewhere",
        f'<iframe src="{RUTUBE}"></iframe><script src="https://evil.example/x.js"></script>',
        "evil.example",
        RUTUBE,
    ),
    (
        "telegram-widget-with-body",
        f'<script async src="{WIDGET}" data-telegram-post="a_channel/1">alert(1)</script>',
        "alert",
        'data-telegram-post="a_channel/1"',
    ),
    (
        "telegram-login-widget",
        f'<blockquote><p>Текст</p></blockquote><script async src="{WIDGET}"'
        ' data-telegram-login="bot" data-onauth="steal()"></script>',
        "data-telegram-login",
        "<p>Текст</p>",
    ),
    (
        "other-telegram-script",
        f'<iframe src="{RUTUBE}"></iframe><script src="https://telegram.org/js/other.js"'
        ' data-telegram-post="a_channel/1"></script>',
        "other.js",
        RUTUBE,
    ),
    ("event-handler", f'<iframe src="{RUTUBE}" onload="steal()"></iframe>', "onload", RUTUBE),
    (
        "event-handler-on-quote",
        '<blockquote onmouseover="steal()"><p onclick="x()">Пост</p></blockquote>',
        "steal",
        "<p>Пост</p>",
    ),
    (
        "foreign-origin-frame",
        '<iframe src="https://evil.example/player"></iframe><blockquote><p>Пост</p></blockquote>',
        "evil.example",
        "<p>Пост</p>",
    ),
    (
        "lookalike-origin",
        '<iframe src="https://rutube.ru.evil.example/x"></iframe><p>x</p>',
        "evil",
        "",
    ),
    (
        "credentials-in-origin",
        '<iframe src="https://rutube.ru@evil.example/x"></iframe>',
        "evil",
        "",
    ),
    ("plain-http-frame", '<iframe src="http://rutube.ru/play/embed/x"></iframe>', "http://", ""),
    ("javascript-frame", '<iframe src="javascript:alert(1)"></iframe>', "javascript", ""),
    (
        "javascript-link",
        '<blockquote><p><a href="javascript:alert(1)">ссылка</a></p></blockquote>',
        "javascript",
        "ссылка</a>",
    ),
    (
        "javascript-link-entity",
        '<blockquote><p><a href="jav&#x61;script:alert(1)">ссылка</a></p></blockquote>',
        "script:",
        "ссылка</a>",
    ),
    ("data-frame", '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>', "data:", ""),
    ("relative-frame", '<iframe src="/admin/"></iframe>', "/admin/", ""),
    (
        "srcdoc",
        f'<iframe src="{RUTUBE}" srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        "srcdoc",
        RUTUBE,
    ),
    (
        "style-attribute",
        f'<iframe src="{RUTUBE}" style="position:fixed;inset:0"></iframe>',
        "style",
        RUTUBE,
    ),
    (
        "style-element",
        f'<style>body{{display:none}}</style><iframe src="{RUTUBE}"></iframe>',
        "display",
        RUTUBE,
    ),
    (
        "sandbox-escape-features",
        f'<iframe src="{RUTUBE}" allow="camera; microphone; autoplay"></iframe>',
        "camera",
        'allow="autoplay"',
    ),
    (
        "object-and-embed",
        '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x"><p>x</p>',
        "evil",
        "",
    ),
    (
        "svg-script",
        '<svg><script>alert(1)</script></svg><iframe src="https://evil.example"></iframe>',
        "alert",
        "",
    ),
    (
        "form",
        '<form action="https://evil.example"><input name="p"></form>'
        f'<iframe src="{RUTUBE}"></iframe>',
        "form",
        RUTUBE,
    ),
    (
        "image-beacon",
        f'<img src="https://evil.example/pixel.gif"><iframe src="{RUTUBE}"></iframe>',
        "pixel",
        RUTUBE,
    ),
    (
        "meta-refresh",
        '<meta http-equiv="refresh" content="0;url=https://evil.example">'
        f'<iframe src="{RUTUBE}"></iframe>',
        "refresh",
        RUTUBE,
    ),
    ("broken-markup", f'<iframe src="{RUTUBE}"<script>alert(1)</script>', "alert", RUTUBE),
]


@pytest.mark.parametrize(
    ("markup", "gone", "kept"), [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE]
)
def test_hostile_markup_loses_what_is_not_an_allowed_embed(markup, gone, kept):
    cleaned = sanitise(markup, ORIGINS)
    assert gone not in cleaned
    assert kept in cleaned
    if not kept:
        assert cleaned == ""


def test_a_frame_from_an_origin_the_site_no_longer_allows_is_dropped():
    markup = f'<iframe src="{RUTUBE}"></iframe>'
    assert sanitise(markup, ["https://vk.com"]) == ""
    assert sanitise(markup, ["https://rutube.ru/"]) == f'<iframe src="{RUTUBE}"></iframe>'


def test_markup_with_nothing_to_embed_is_refused():
    assert sanitise("<p>Просто текст</p>", ORIGINS) == ""
    assert sanitise("", ORIGINS) == ""


def test_a_quote_keeps_its_text_and_web_links():
    markup = '<blockquote cite="https://vk.com/wall-1_2"><p>Пост <a href="https://vk.com/x">тут</a></p></blockquote>'
    assert sanitise(markup, ORIGINS) == (
        '<blockquote cite="https://vk.com/wall-1_2"><p>Пост '
        '<a href="https://vk.com/x" rel="noopener noreferrer">тут</a></p></blockquote>'
    )


@given(
    st.text(alphabet=st.sampled_from(list("<>\"'=/ &;:aisvcrptfmeonlhd-0123456789")), max_size=200)
)
def test_nothing_that_runs_code_survives_any_markup(markup):
    cleaned = sanitise(markup, ORIGINS).lower()
    assert "<script>" not in cleaned
    assert "javascript:" not in cleaned
    assert " on" not in cleaned.replace(" only", "")
    for tag in ("<iframe", "<script"):
        for position in [i for i in range(len(cleaned)) if cleaned.startswith(tag, i)]:
            assert cleaned.startswith(f'{tag} src="https://', position)

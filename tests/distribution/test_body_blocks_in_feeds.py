"""Tables, cards and embeds in full-text feeds: their text is there (with its legal marks),
in tags every feed accepts; an embed is its link and caption, never a provider's code."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from tests.legal.conftest import fresh_registry, on_commit_at_once  # noqa: F401
from tests.text import plain

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "paragraph", "value": "<p>Итоги выборов в районе.</p>"},
    {
        "type": "table",
        "value": {
            "caption": "Итоги голосования",
            "columns": [
                {"type": "text", "heading": "Кандидат"},
                {"type": "rich_text", "heading": "Голоса"},
            ],
            "rows": [{"values": ["Аркадий Перепёлкин", "<p><b>12</b> процентов</p>"]}],
        },
    },
    {
        "type": "card",
        "value": {
            "kind": "qa",
            "title": "",
            "items": [
                {
                    "type": "item",
                    "id": "q1",
                    "value": {"heading": "Когда итоги?", "text": "<p>В пятницу.</p>"},
                }
            ],
        },
    },
    {
        "type": "embed",
        "value": {"url": "https://t.me/polosa_news/123", "caption": "Пост избиркома"},
    },
]


@pytest.fixture
def article(article_factory):
    return article_factory("Выборы в районе", body=BODY)


def json_item(client) -> dict:
    (item,) = json.loads(client.get("/feeds/json/").content)["items"]
    return item


@pytest.mark.usefixtures("fresh_registry")
def test_a_table_is_a_list_of_its_rows_with_the_legal_mark(client, article):
    content = plain(json_item(client)["content_html"])
    assert "<p><b>Итоги голосования</b></p>" in content
    assert "<li>Кандидат: Аркадий Перепёлкин*; Голоса: <b>12</b> процентов</li>" in content
    assert "* Перепёлкин Аркадий Семёнович признан иностранным агентом" in content


def test_a_card_is_its_title_and_items(client, article):
    content = plain(json_item(client)["content_html"])
    assert "<h3>Вопрос — ответ</h3><ul><li><b>Когда итоги?</b> В пятницу.</li></ul>" in content


def test_an_embed_is_its_link_and_caption(client, article):
    content = plain(json_item(client)["content_html"])
    assert (
        '<p><a href="https://t.me/polosa_news/123">https://t.me/polosa_news/123</a></p>'
        "<p>Пост избиркома</p>"
    ) in content
    assert "telegram-widget" not in content and "<script" not in content


def test_the_dzen_feed_keeps_the_text_in_its_allowed_tags(client, article):
    root = etree.fromstring(client.get("/feeds/dzen/").content)
    content = root.find("channel/item/{http://purl.org/rss/1.0/modules/content/}encoded").text
    assert "<table" not in content
    assert "Кандидат: Аркадий" in plain(content)
    assert "Когда итоги?" in plain(content)

"""The body's table and card blocks: accessible markup, the newsroom's typography, and
their text seen by the legal engine and the search index like the rest of the body."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from polosa.news.models import ArticlePage
from polosa.news.typography import typograph_body
from polosa.search.index import body_text
from tests.legal.conftest import fresh_registry, on_commit_at_once  # noqa: F401
from tests.text import plain

TABLE = {
    "caption": "Итоги голосования",
    "columns": [
        {"type": "text", "heading": "Кандидат"},
        {"type": "rich_text", "heading": "Результат"},
    ],
    "rows": [
        {"values": ["Аркадий Перепёлкин", "<p><b>12</b> процентов</p>"]},
        {"values": ["Ольга Вершинина", "<p>31 процент</p>"]},
    ],
}
FACTS = {
    "kind": "facts",
    "title": "",
    "items": [
        {
            "type": "item",
            "id": "i1",
            "value": {"heading": "Основан:", "text": "<p>в 1898 году</p>"},
        },
        {
            "type": "item",
            "id": "i2",
            "value": {"heading": "", "text": "<p>Ремонт шёл два года.</p>"},
        },
    ],
}
QUESTIONS = {
    "kind": "qa",
    "title": "Что изменится для пешеходов",
    "items": [
        {
            "type": "item",
            "id": "q1",
            "value": {"heading": "Когда откроют набережную?", "text": "<p>В мае.</p>"},
        },
        {
            "type": "item",
            "id": "q2",
            "value": {"heading": "Будут ли скамейки?", "text": "<p>Да, сорок штук.</p>"},
        },
    ],
}


def raw(block_type: str, value: dict) -> dict:
    return {"type": block_type, "value": value}


def article_page(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


@pytest.fixture
def article(article_factory):
    return article_factory(
        "Выборы в совет района",
        body=[raw("table", TABLE), raw("card", FACTS), raw("card", QUESTIONS)],
    )


@pytest.mark.django_db
def test_a_table_is_an_accessible_table_in_a_scrolling_region(client, article):
    page = article_page(client, article)
    region = page.xpath("//div[@class='article__body']//div[@class='body-table']")[0]
    assert (region.get("role"), region.get("tabindex")) == ("region", "0")
    assert region.get("aria-label") == "Итоги голосования"
    table = region.xpath("./table")[0]
    assert table.xpath("string(caption)") == "Итоги голосования"
    assert [(th.text, th.get("scope")) for th in table.xpath("thead/tr/th")] == [
        ("Кандидат", "col"),
        ("Результат", "col"),
    ]
    rows = [[plain(td.text_content()) for td in tr.xpath("td")] for tr in table.xpath("tbody/tr")]
    assert rows == [["Аркадий Перепёлкин", "12 процентов"], ["Ольга Вершинина", "31 процент"]]
    assert table.xpath("tbody/tr[1]/td[2]//b/text()") == ["12"]


@pytest.mark.django_db
def test_a_fact_box_is_titled_справка_unless_the_editor_titled_it(client, article):
    facts, questions = article_page(client, article).xpath("//aside[contains(@class, 'body-card')]")
    assert "body-card--facts" in facts.get("class")
    assert facts.xpath("string(h2)") == "Справка"
    items = [plain(" ".join(li.text_content().split())) for li in facts.xpath(".//li")]
    assert items == ["Основан: в 1898 году", "Ремонт шёл два года."]
    assert questions.xpath("string(h2)") == "Что изменится для пешеходов"


@pytest.mark.django_db
def test_questions_and_answers_are_a_description_list(client, article):
    questions = article_page(client, article).xpath("//aside[contains(@class, 'body-card--qa')]")[0]
    pairs = list(zip(questions.xpath(".//dt"), questions.xpath(".//dd"), strict=True))
    assert [(plain(dt.text_content()), plain(dd.text_content().strip())) for dt, dd in pairs] == [
        ("Когда откроют набережную?", "В мае."),
        ("Будут ли скамейки?", "Да, сорок штук."),
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_registry")
def test_a_registry_entry_in_a_table_cell_gets_its_mark_and_footnote(client, article):
    page = article_page(client, article)
    cell = page.xpath("//table/tbody/tr[1]/td[1]")[0]
    assert plain(cell.text_content()) == "Аркадий Перепёлкин*"
    footnotes = plain(page.xpath("string(//section[@class='footnotes'])"))
    assert "* Перепёлкин Аркадий Семёнович признан иностранным агентом в РФ" in footnotes


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_registry")
def test_a_registry_entry_in_a_card_gets_its_mark(client, article_factory):
    card = {
        "kind": "facts",
        "title": "",
        "items": [
            {
                "type": "item",
                "id": "i3",
                "value": {"heading": "", "text": "<p>Вёл блог в Инстаграме.</p>"},
            }
        ],
    }
    article = article_factory("Биография", body=[raw("card", card)])
    page = article_page(client, article)
    assert "Инстаграме*." in plain(page.xpath("string(//aside[contains(@class, 'body-card')])"))
    assert "* Деятельность компании Meta Platforms Inc." in plain(
        page.xpath("string(//section[@class='footnotes'])")
    )


def test_typography_reaches_table_captions_headings_cells_and_cards():
    table = {
        "caption": "Цены - в рублях",
        "columns": [{"type": "text", "heading": "Товар"}, {"type": "rich_text", "heading": "Цена"}],
        "rows": [{"values": ['Хлеб "Дарницкий"', '<p>от 5 до 10 - "средняя"</p>']}],
    }
    card = {
        "kind": "qa",
        "title": 'Вопрос - "ответ"',
        "items": [
            {"type": "item", "value": {"heading": "А что?", "text": '<p>"Да"</p>'}, "id": "1"}
        ],
    }
    typed_table, typed_card = (
        block["value"] for block in typograph_body([raw("table", table), raw("card", card)])
    )
    assert typed_table["caption"] == "Цены\u00a0— в\u00a0рублях"
    assert typed_table["columns"][0] == {"type": "text", "heading": "Товар"}
    assert typed_table["rows"][0]["values"][0] == "Хлеб «Дарницкий»"
    assert "«средняя»" in typed_table["rows"][0]["values"][1]
    assert typed_card["title"] == "Вопрос\u00a0— «ответ»"
    assert typed_card["items"][0] == {
        "type": "item",
        "value": {"heading": "А\u00a0что?", "text": "<p>«Да»</p>"},
        "id": "1",
    }
    assert typograph_body(typograph_body([raw("table", table)])) == typograph_body(
        [raw("table", table)]
    )


def test_the_search_index_reads_table_and_card_text_but_not_their_settings():
    text = body_text([raw("table", TABLE), raw("card", FACTS), raw("card", QUESTIONS)])
    for phrase in ("Итоги голосования", "Кандидат", "Аркадий Перепёлкин", "12 процентов"):
        assert phrase in text
    for phrase in ("Основан:", "в 1898 году", "Когда откроют набережную?", "Да, сорок штук."):
        assert phrase in text
    for setting in ("rich_text", "facts", "qa"):
        assert setting not in text.split()


def test_the_search_index_reads_an_embeds_caption_but_not_its_address():
    text = body_text([raw("embed", {"url": "https://t.me/polosa_news/1", "caption": "Пост мэра"})])
    assert text == "Пост мэра"


@pytest.mark.django_db
def test_stored_tables_and_cards_come_back_as_written(article):
    stored = ArticlePage.objects.get(pk=article.pk).body.raw_data
    assert [block["type"] for block in stored] == ["table", "card", "card"]
    assert stored[0]["value"]["rows"][1]["values"][0] == "Ольга Вершинина"


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_registry")
@pytest.mark.parametrize("block", ["table", "card", "embed"])
def test_an_uncertain_mention_in_a_table_a_card_or_a_caption_holds_publishing(
    article_factory, block
):
    """The publishing gate reads the body as readers get it, the new blocks included."""
    from django.contrib.auth.models import User

    from polosa.legal import gate
    from polosa.legal.models import RegistryEntry

    RegistryEntry.objects.create(
        external_id="fa-orlov", kind="foreign_agent", entity_type="person", name="Орлов Пётр Ильич"
    )
    sentence = "Вчера Орлов выступил на митинге."
    values = {
        "table": {
            "caption": "",
            "columns": [{"type": "text", "heading": "Кто"}],
            "rows": [{"values": [sentence]}],
        },
        "card": {
            "kind": "facts",
            "title": "",
            "items": [
                {"type": "item", "id": "o1", "value": {"heading": "", "text": f"<p>{sentence}</p>"}}
            ],
        },
        "embed": {"url": "https://t.me/polosa_news/5", "caption": sentence},
    }
    draft = article_factory("Митинг", live=False, body=[raw(block, values[block])])
    editor = User.objects.create_superuser("editor", "e@example.com", "pw")
    revision = ArticlePage.objects.get(pk=draft.pk).save_revision(user=editor)
    with pytest.raises(gate.PublishingBlocked, match="«Орлов»"):
        revision.publish(user=editor)
    assert not ArticlePage.objects.get(pk=draft.pk).live

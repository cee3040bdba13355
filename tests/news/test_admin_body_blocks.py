"""The article's edit form accepts tables and cards and stores them as the editor wrote."""

from __future__ import annotations

import pytest
from wagtail.test.utils.form_data import rich_text

from polosa.news.models import ArticlePage
from tests.news.admin_forms import body_messages, card_block, save_draft, table_block
from tests.text import plain

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(article_factory):
    return article_factory("Бюджет района на новый год")


def latest_body(article) -> list[dict]:
    return ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().body.raw_data


def test_the_edit_form_accepts_a_table(admin_client, article):
    table = table_block(
        "Расходы по статьям",
        [("text", "Статья"), ("rich_text", "Сумма")],
        [
            ["Дороги", rich_text("<p><b>12</b> млн рублей</p>")],
            ["Парки", rich_text("<p>3 млн</p>")],
        ],
    )
    response = save_draft(admin_client, article, [("table", table)])
    assert response.status_code == 302, response.content.decode()[:2000]
    (block,) = latest_body(article)
    assert block["type"] == "table"
    assert plain(block["value"]["caption"]) == "Расходы по статьям"
    assert [c["heading"] for c in block["value"]["columns"]] == ["Статья", "Сумма"]
    assert block["value"]["rows"][0]["values"][0] == "Дороги"
    assert "<b>12</b>" in block["value"]["rows"][0]["values"][1]


@pytest.mark.parametrize("kind", ["facts", "qa"])
def test_the_edit_form_accepts_a_card(admin_client, article, kind):
    card = card_block(kind, "", [("Когда примут?", "<p>В декабре.</p>")])
    response = save_draft(admin_client, article, [("card", card)])
    assert response.status_code == 302, response.content.decode()[:2000]
    (block,) = latest_body(article)
    assert block["value"]["kind"] == kind
    assert block["value"]["items"][0]["value"]["heading"] == "Когда примут?"


def test_an_answer_without_its_question_is_refused_with_a_message(admin_client, article):
    card = card_block("qa", "", [("", "<p>В декабре.</p>")])
    response = save_draft(admin_client, article, [("card", card)])
    assert response.status_code == 200
    assert body_messages(response) == ["У каждого ответа должен быть свой вопрос."]

"""Articles get the newsroom's typography when they are saved: title, lead and body."""

import pytest
from wagtail.rich_text import RichText

from polosa.core.typography import NBSP
from polosa.news.typography import typograph_body


def test_each_kind_of_block_gets_its_rules():
    body = [
        {"type": "paragraph", "value": '<p>Фильм "Дом" - в <a href="/a-b">кино</a></p>', "id": "1"},
        {"type": "heading", "value": "Итоги - 2.5 часа", "id": "2"},
        {
            "type": "quote",
            "value": {"text": 'Он сказал "да"', "attribution": "А. Б. Ким"},
            "id": "3",
        },
        {"type": "image", "value": {"image": 7, "caption": "Вид на мост", "credit": "Я - автор"}},
        {
            "type": "list",
            "value": {
                "ordered": False,
                "items": ["и так", {"type": "item", "value": "а то", "id": "x"}],
            },
        },
        {"type": "embed", "value": "https://example.com/a - b"},
    ]
    typed = typograph_body(body)
    assert typed[0]["value"] == f'<p>Фильм «Дом»{NBSP}— в{NBSP}<a href="/a-b">кино</a></p>'
    assert typed[1]["value"] == f"Итоги{NBSP}— 2,5 часа"
    assert typed[2]["value"] == {
        "text": f"Он{NBSP}сказал «да»",
        "attribution": f"А.{NBSP}Б.{NBSP}Ким",
    }
    assert typed[3]["value"]["caption"] == f"Вид на{NBSP}мост"
    assert typed[3]["value"]["credit"] == "Я - автор"  # a name as the photographer wrote it
    assert typed[4]["value"]["items"] == [
        f"и{NBSP}так",
        {"type": "item", "value": f"а{NBSP}то", "id": "x"},
    ]
    assert typed[5] == body[5]
    assert [block.get("id") for block in typed] == [block.get("id") for block in body]


@pytest.mark.django_db
def test_a_saved_revision_already_has_the_typography(article_factory):
    article = article_factory("Черновик", live=False)
    article.title = 'Премьера "Дома" - в пятницу'
    article.lead = "Мы были на показе"
    article.body = [("paragraph", RichText("<p>Рейтинг 8.5 и не меньше</p>"))]
    revision = article.save_revision()
    stored = revision.as_object()
    assert stored.title == f"Премьера «Дома»{NBSP}— в{NBSP}пятницу"
    assert stored.lead == f"Мы{NBSP}были на{NBSP}показе"
    assert stored.body.raw_data[0]["value"] == f"<p>Рейтинг 8,5 и{NBSP}не{NBSP}меньше</p>"


@pytest.mark.django_db
def test_the_slug_stays_plain_latin(article_factory):
    article = article_factory('Кино "на ночь" - и точка')
    assert article.slug.isascii() and " " not in article.slug

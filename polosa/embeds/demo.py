"""The demo's article with embeds, a table and cards (every post, channel and video here is
invented: the placeholders show, and a click asks the provider for a post that is not
there)."""

from __future__ import annotations

from django.utils import timezone

TITLE = "Фестиваль уличной музыки: как прошёл первый день"
BODY = [
    {
        "type": "paragraph",
        "value": "<p>На шести сценах в центре города выступили сорок групп; по оценке "
        "организаторов, пришли около двенадцати тысяч человек.</p>",
    },
    {
        "type": "embed",
        "value": {
            "url": "https://t.me/polosa_demo_fest/128",
            "caption": "Организаторы фестиваля о первом дне",
        },
    },
    {
        "type": "table",
        "value": {
            "caption": "Программа второго дня",
            "columns": [
                {"type": "text", "heading": "Время"},
                {"type": "text", "heading": "Сцена"},
                {"type": "rich_text", "heading": "Кто выступает"},
            ],
            "rows": [
                {"values": ["14:00", "Набережная", "<p>«Северный ветер»</p>"]},
                {"values": ["16:30", "Сквер у театра", "<p><b>Премьера:</b> «Тихий двор»</p>"]},
                {"values": ["19:00", "Главная площадь", "<p>Сводный оркестр города</p>"]},
            ],
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
                    "id": "demo-q1",
                    "value": {"heading": "Нужен ли билет?", "text": "<p>Нет, вход свободный.</p>"},
                },
                {
                    "type": "item",
                    "id": "demo-q2",
                    "value": {
                        "heading": "Перекроют ли улицы?",
                        "text": "<p>Только набережную, с 12:00 до 23:00.</p>",
                    },
                },
            ],
        },
    },
    {
        "type": "embed",
        "value": {
            "url": "https://rutube.ru/video/5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5/",
            "caption": "Видео с открытия",
        },
    },
    {
        "type": "card",
        "value": {
            "kind": "facts",
            "title": "",
            "items": [
                {
                    "type": "item",
                    "id": "demo-f1",
                    "value": {"heading": "Впервые прошёл:", "text": "<p>в 2011 году.</p>"},
                },
                {
                    "type": "item",
                    "id": "demo-f2",
                    "value": {"heading": "Сцен:", "text": "<p>шесть, все под открытым небом.</p>"},
                },
            ],
        },
    },
]


def populate(stdout=None) -> None:
    from polosa.core.typography import typograph
    from polosa.news.content import create_article, ensure_rubrics
    from polosa.news.models import ArticlePage

    if ArticlePage.objects.filter(title=typograph(TITLE)).exists():
        return
    music = ensure_rubrics()[1]
    create_article(
        music,
        title=TITLE,
        lead="Сорок групп, шесть сцен и ни одного билета.",
        published_at=timezone.now(),
        body=BODY,
    )
    if stdout is not None:
        stdout.write("Материал со встраиваниями, таблицей и карточками: 1")

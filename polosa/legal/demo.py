"""Demo registries: FICTIONAL people and organisations plus well-known banned companies,
and three articles that mention them (``polosa demo`` calls :func:`populate`).

Foreign agents, extremist and terrorist lists are marked fresh; the other kinds are left
never imported, so editors see the "check not guaranteed" warning as they would in life.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from wagtail.rich_text import RichText

from polosa.core.typography import typograph
from polosa.legal import registry
from polosa.legal.engine import RegistryEntry

META_FOOTNOTE = (
    "Деятельность компании Meta Platforms Inc. (Facebook и Instagram) на территории РФ запрещена"
)

#: Invented people and organisations (any likeness is accidental) and real banned companies.
ENTRIES = {
    "foreign_agent": [
        RegistryEntry("demo-fa-1", "foreign_agent", "person", "Перепёлкин Аркадий Семёнович",
                      included_on=date(2023, 4, 7)),
        RegistryEntry("demo-fa-2", "foreign_agent", "person", "Загорская Вероника Павловна",
                      aliases=("Ника Заря",), included_on=date(2022, 11, 11)),
        RegistryEntry("demo-fa-3", "foreign_agent", "organisation", "Фонд «Открытый горизонт»",
                      included_on=date(2021, 5, 14)),
    ],
    "extremist": [
        RegistryEntry("demo-ex-meta", "extremist", "organisation", "Meta Platforms Inc.",
                      aliases=("Meta", "Facebook", "Фейсбук", "Instagram", "Инстаграм"),
                      included_on=date(2022, 3, 21), footnote=META_FOOTNOTE),
        RegistryEntry("demo-ex-2", "extremist", "organisation",
                      "Межрегиональное движение «Северное братство»",
                      included_on=date(2012, 8, 2)),
    ],
    "terrorist": [
        RegistryEntry("demo-tr-1", "terrorist", "organisation", "«Исламское государство»",
                      aliases=("ИГИЛ",), included_on=date(2014, 12, 29)),
    ],
}  # fmt: skip

ARTICLES = [
    (
        "Аркадий Перепёлкин открыл блог в Инстаграме",
        "<p>Музыкальный критик Аркадий Перепёлкин рассказал подписчикам в Инстаграме о новом "
        "проекте. По словам Перепёлкина, первый выпуск выйдет весной.</p>",
        [],
    ),
    (
        "Фонд «Открытый горизонт» объявил конкурс для молодых режиссёров",
        "<p>Фонд «Открытый горизонт» принимает заявки до конца месяца. Победителей объявят "
        "в Facebook и на сайте фонда.</p>",
        [],
    ),
    (
        "Колонка: почему мы снова слушаем винил",
        "<p>Пластинки вернулись — и не только к коллекционерам. Об этом пишет Ника Заря.</p>",
        ["Вероника Загорская"],
    ),
]


def populate(stdout) -> None:
    from polosa.news.content import create_article, ensure_author, ensure_rubrics
    from polosa.news.models import ArticlePage

    now = timezone.now()
    for kind, entries in ENTRIES.items():
        registry.import_entries(
            entries, kinds=[kind], source_name="демо-реестр", taken_at=now - timedelta(days=1)
        )
    rubrics = ensure_rubrics()
    from polosa.news.generation import demo_images

    pictures = demo_images(len(ARTICLES))  # the demo's own, every article has one
    created = 0
    for number, (title, body, authors) in enumerate(ARTICLES):
        # Stored titles have the newsroom's typography (non-breaking spaces and all).
        if ArticlePage.objects.filter(title=typograph(title)).exists():
            continue
        create_article(
            rubrics[number % len(rubrics)],
            title=title,
            published_at=now - timedelta(hours=number + 1),
            body=[("paragraph", RichText(body))],
            authors=[ensure_author(name) for name in authors],
            main_image=pictures[number],
        )
        created += 1
    total = sum(len(e) for e in ENTRIES.values())
    stdout.write(f"Реестры: {total} демо-записей, материалов с упоминаниями: {created}")

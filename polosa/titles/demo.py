"""Demo ratings: 40 invented films and series with posters, votes and linked reviews.

Everything is made up for Polosa. The films of :data:`polosa.news.demo_text.FILMS` come
first, so that the demo's review articles (``Рецензия на фильм «…»``) find their title.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal

from django.db import transaction

from polosa.news.demo_text import FILMS

SEED = 4040
COUNTRIES = ["Россия", "Казахстан", "Беларусь", "Армения", "Грузия", "Сербия"]
SERIES = {"Четыре сезона": (1, 2), "Девятый вагон": (1,), "Шум прибоя": (1, 2, 3)}
MORE_TITLES = [
    "Ветер с залива", "Семь минут до рассвета", "Тёплый январь", "Последний звонок",
    "Белые ночи Мурманска", "Карта памяти", "Снег в июле", "Письма с юга", "Остров на Волге",
    "Лето в Ялте", "Граница", "Сто дней тишины", "Голоса за стеной", "Мастерская",
    "Чужие окна", "Ночная смена", "Квартира на Фонтанке", "Маяк", "Старый двор",
    "Девочка и лис", "Второй шанс",
]  # fmt: skip
MORE_SERIES = {"Ночная смена": (1, 2), "Квартира на Фонтанке": (1,), "Старый двор": (1,)}
#: A description and the genres that fit it (a detective is a detective, not an adventure).
DESCRIPTIONS = [
    ("История о людях, которые однажды решили ничего не откладывать на потом.", ["драма"]),
    ("Камерная драма о семье, которая собирается вместе впервые за десять лет.", ["драма"]),
    ("Детектив в маленьком портовом городе, где все друг друга знают.", ["детектив", "триллер"]),
    ("Ироничная комедия о переезде, ремонте и соседях.", ["комедия"]),
    ("Тихое кино о дружбе, которое не боится пауз.", ["драма", "мелодрама"]),
    ("Приключение на краю карты: экспедиция, метель и старая тайна.", ["приключения"]),
    ("Будущее, в котором города научились думать, а люди — нет.", ["фантастика"]),
    ("Два одиночества встречаются в ночном поезде и не могут разойтись.", ["мелодрама"]),
]
REVIEW_TITLE = re.compile(r"«([^»]+)»")
# Headlines are stored with typography: the spaces may be non-breaking ones.
SERIES_REVIEW = re.compile(r"на\s+сериал")
SECOND_SEASON = re.compile(r"второй\s+сезон")


def demo_titles() -> list[dict]:
    """The 40 invented titles as field dictionaries, in a fixed order."""
    rng = random.Random(SEED)
    specs = []
    for name in [*FILMS, *MORE_TITLES]:
        seasons = SERIES.get(name) or MORE_SERIES.get(name)
        for season in seasons or (None,):
            description, genres = rng.choice(DESCRIPTIONS)
            specs.append(
                {
                    "name": name,
                    "kind": "series" if seasons else "film",
                    "season": season,
                    "year": rng.randint(2012, 2026),
                    "genres": ", ".join(genres),
                    "countries": ", ".join(rng.sample(COUNTRIES, rng.randint(1, 2))),
                    "description": description,
                    "editorial_score": (
                        Decimal(rng.randint(50, 90)) / 10 if rng.random() < 0.6 else None
                    ),
                }
            )
    return specs[:40]


def invented_votes(rng: random.Random) -> list[int]:
    """A title's votes: from none at all to a crowd around its own mean."""
    count = rng.choice([0, 3, 7, rng.randint(10, 80), rng.randint(10, 80)])
    mean = rng.uniform(4.5, 8.8)
    return [max(1, min(10, round(rng.gauss(mean, 1.4)))) for _ in range(count)]


def link_reviews() -> int:
    """Point every review article whose headline names a title («…») at that title."""
    from polosa.news.models import ArticlePage
    from polosa.titles.models import Title

    by_name: dict[str, list[Title]] = {}
    for title in Title.objects.order_by("season"):
        by_name.setdefault(title.name, []).append(title)
    linked = 0
    reviews = ArticlePage.objects.filter(kind="review", reviewed_title=None).only("id", "title")
    for article in reviews:
        match = REVIEW_TITLE.search(article.title)
        candidates = by_name.get(match.group(1)) if match else None
        if not candidates:
            continue
        # «Рецензия на сериал …: второй сезон» is about the series' second season.
        wanted_kind = "series" if SERIES_REVIEW.search(article.title) else "film"
        candidates = [t for t in candidates if t.kind == wanted_kind]
        if not candidates:
            continue
        title = candidates[0]
        if SECOND_SEASON.search(article.title) and len(candidates) > 1:
            title = candidates[1]
        ArticlePage.objects.filter(pk=article.pk).update(reviewed_title=title)
        linked += 1
    return linked


def populate(stdout=None) -> None:
    """Create the demo titles (once), their posters and votes, and link the reviews."""
    from polosa.core import services
    from polosa.media.generate import create_generated_image
    from polosa.titles.models import Title, Vote

    rng = random.Random(SEED + 1)
    created = 0
    with transaction.atomic():
        for number, spec in enumerate(demo_titles()):
            exists = Title.objects.filter(name=spec["name"], season=spec["season"]).exists()
            if exists:
                continue
            label = spec["name"] + (f" ({spec['season']} сезон)" if spec["season"] else "")
            poster = create_generated_image(
                f"Постер: {label}", SEED + number, credit="Пресс-служба дистрибьютора"
            )
            title = Title.objects.create(poster=poster, **spec)
            values = invented_votes(rng)
            Vote.objects.bulk_create(
                Vote(title=title, reader=f"demo-{title.pk}-{index}", value=value)
                for index, value in enumerate(values)
            )
            Title.objects.filter(pk=title.pk).update(votes_count=len(values), votes_sum=sum(values))
            created += 1
        linked = link_reviews()
        # A bulk load (votes and review links by queryset updates): everything goes.
        services.site_changed(reason="demo titles loaded")
    if stdout is not None:
        stdout.write(f"Фильмов и сериалов: {created} новых; рецензий связано: {linked}")

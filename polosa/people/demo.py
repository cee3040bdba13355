"""Demo directory: the 60 invented people of ``DEMO_CAST``, with photos, bios and links.

Everyone here is made up for Polosa. The demo articles already name these people in every
grammatical case; after creating them, the directory relinks every published article with
the shared mention engine, exactly as a new person added by an editor would be.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from django.db import transaction

from polosa.news.demo_text import DEMO_CAST, CastMember

SEED = 6060
CITIES = ["Казани", "Самары", "Перми", "Калининграда", "Томска", "Ярославля", "Иркутска"]
BIOS = {
    "musician": [
        "Певец и автор песен родом из {city}. Собирает залы в десятке городов и пишет музыку "
        "для кино.",
        "Музыкант, начинал в уличной группе, а теперь выпускает альбомы на собственном лейбле.",
    ],
    "actor": [
        "Актёр театра и кино из {city}. Известен по ролям в камерных драмах и сериалах.",
        "Актёр, выпускник театрального училища; сыграл больше двадцати ролей в кино.",
    ],
    "blogger": [
        "Блогер: рассказывает о путешествиях, еде и жизни в {city}.",
        "Автор популярного видеоблога о книгах, сериалах и городских прогулках.",
    ],
    "director": [
        "Режиссёр из {city}. Снимает авторское кино и документальные фильмы.",
        "Режиссёр и сценарист, лауреат нескольких фестивалей молодого кино.",
    ],
    "athlete": [
        "Спортсмен из {city}, призёр национальных чемпионатов.",
        "Спортсмен, после карьеры тренирует юниоров и ведёт колонку о здоровье.",
    ],
    "writer": [
        "Писатель из {city}, автор романов и сборников рассказов.",
        "Писатель и колумнист; его книги переведены на несколько языков.",
    ],
}
FEMALE_WORDS = {
    "Певец": "Певица",
    "Актёр": "Актриса",
    "Спортсмен,": "Спортсменка,",
    "Спортсмен ": "Спортсменка ",
    "Писатель": "Писательница",
    "его книги": "её книги",
    "сыграл": "сыграла",
    "начинал": "начинала",
    "выпускник": "выпускница",
    "Известен": "Известна",
}


def bio_for(member: CastMember, rng: random.Random) -> str:
    text = rng.choice(BIOS[member.category]).format(city=rng.choice(CITIES))
    if member.female:
        for male, female in FEMALE_WORDS.items():
            text = text.replace(male, female)
    return text


def demo_people(members: Iterable[CastMember] = DEMO_CAST) -> list[dict]:
    """Field dictionaries of the demo people (without photos), in ``DEMO_CAST`` order."""
    from polosa.people.models import sort_key_for

    rng = random.Random(SEED)
    return [
        {
            "name": member.name,
            "category": member.category,
            "bio": bio_for(member, rng),
            "sort_key": sort_key_for(member.name),
        }
        for member in members
    ]


def populate(stdout=None, photos: bool = True) -> None:
    """Create the demo people once (bulk, so no per-person relink task), then relink every
    published article in one pass."""
    from polosa.core.typography import slug_for
    from polosa.media.generate import create_generated_image
    from polosa.people.mentions import refresh_all
    from polosa.people.models import Person

    existing = set(Person.objects.values_list("name", flat=True))
    new = []
    with transaction.atomic():
        for number, fields in enumerate(demo_people()):
            if fields["name"] in existing:
                continue
            photo = (
                create_generated_image(f"Фото: {fields['name']}", SEED + number) if photos else None
            )
            slug = slug_for(fields["name"], fallback="person")
            new.append(Person(slug=slug, photo=photo, **fields))
        Person.objects.bulk_create(new)
    changed = refresh_all()
    if stdout is not None:
        stdout.write(f"Звёзд и инфлюенсеров: {len(new)} новых; материалов со ссылками: {changed}")

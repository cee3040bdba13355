"""Invented Russian newsroom text for the demo site and benchmarks.

Everything here is made up for Polosa: the people, bands, films and places do not exist.
Sentences are assembled from templates with a seeded random generator, so a run is
reproducible; names are declined with petrovich's rules (as the legal engine applies them)
so the text reads like real Russian.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from dataclasses import dataclass

from polosa.legal.engine.names import inflect


@dataclass(frozen=True)
class CastMember:
    """An invented public figure who appears in demo articles."""

    first_name: str
    last_name: str
    female: bool
    category: str  # musician, actor, blogger, director, athlete, writer

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def declined(self, case: str | None) -> str:
        return _declined(self.first_name, self.last_name, self.female, case)


@functools.lru_cache(maxsize=4096)
def _declined(first_name: str, last_name: str, female: bool, case: str | None) -> str:
    """``Вероника Загорская`` in a pymorphy-style case (``gent``, ``ablt``…)."""
    if case is None:
        return f"{first_name} {last_name}"
    gender = "female" if female else "male"
    first = inflect(first_name, "firstname", gender, case)
    last = inflect(last_name, "lastname", gender, case)
    return f"{first} {last}"


def _cast(spec: str, category: str) -> list[CastMember]:
    members = []
    for item in spec.split(","):
        first, last = item.strip().split(" ")
        members.append(
            CastMember(first, last, female=first.endswith(("а", "я")), category=category)
        )
    return members


DEMO_CAST: list[CastMember] = (
    _cast(
        "Алина Верескова, Тимур Забелин, Ксения Ладогина, Марк Ольшанский, Вера Снегирёва, "
        "Глеб Рябинин, Полина Кедрова, Савелий Горностаев, Злата Муромцева, Арсений Тальников",
        "musician",
    )
    + _cast(
        "Ульяна Светлова, Демид Каштанов, Лиана Озерова, Роман Берестов, Софья Ракитина, "
        "Егор Вяземцев, Ника Осокина, Филипп Дубравин, Мирослава Ясенева, Лев Черемисин",
        "actor",
    )
    + _cast(
        "Катерина Лисицына, Богдан Жаворонков, Эвелина Сорокоумова, Даниил Пихтин, "
        "Стефания Брусницына, Остап Ковылин, Майя Травникова, Игнат Солнцев, "
        "Василиса Рогозина, Платон Ежевикин",
        "blogger",
    )
    + _cast(
        "Тихон Звягинцев, Аглая Бирюлёва, Кирилл Мещерин, Ева Туманова, Всеволод Левашёв, "
        "Дарина Кречетова, Степан Ольховский, Нина Заречная, Артемий Гладышев, Лада Перовская",
        "director",
    )
    + _cast(
        "Мирон Свиридов, Алиса Волжская, Ярослав Кедрин, Таисия Елагина, Прохор Лыков, "
        "Виолетта Шумилова, Елисей Дроздецкий, Милана Утёсова, Назар Бобровский, Ирина Плёсова",
        "athlete",
    )
    + _cast(
        "Матвей Ветлугин, Оксана Ширяева, Герман Суходольский, Лидия Калинникова, "
        "Ефим Тополев, Регина Соболевская, Святослав Мельников, Анфиса Гречишникова, "
        "Вадим Заозёрский, Ариана Лесовая",
        "writer",
    )
)

AUTHORS = [
    ("Анна Ключевская", "Пишет о кино и сериалах, ведёт рубрику рецензий."),
    ("Дмитрий Полозов", "Дежурный редактор новостей, в профессии двенадцать лет."),
    ("Екатерина Вьюгина", "Музыкальный обозреватель: концерты, релизы, интервью."),
    ("Илья Серебров", "Пишет о городе, еде и путешествиях."),
    ("Мария Оленина", "Редактор рубрики «Образ жизни»."),
    ("Павел Зимин", "Корреспондент, освещает фестивали и премии."),
    ("Ольга Травина", "Интервьюер и автор больших текстов."),
    ("Сергей Колосов", "Новостной редактор ночной смены."),
]

TAGS = [
    "премьеры", "концерты", "сериалы", "фестивали", "стриминг", "рейтинги", "здоровье",
    "путешествия", "еда", "технологии", "мода", "книги", "театр", "спорт", "интервью",
    "релизы", "награды", "город", "наука", "тренды",
]  # fmt: skip

AGENCIES = ["ИА «Северный вестник»", "агентство «Мост»", "ИА «Вектор»", "«Городская лента»"]

FILMS = [
    "Тихая гавань", "Последний паром", "Соль и ветер", "Город без карты", "Ледяной мост",
    "Девятый вагон", "Осенний свет", "Бумажные крылья", "Северное сияние", "Часовщик",
    "Шум прибоя", "Дом на склоне", "Четыре сезона", "Отражение", "Долгая дорога домой",
]  # fmt: skip
#: Demo series with a second season (their titles exist in the ratings demo).
SERIES_NAMES = ["Шум прибоя", "Четыре сезона"]
ALBUMS = [
    "Неон", "Перелётные", "Ночной эфир", "Тёплый асфальт", "Круги на воде", "Сигналы",
    "Открытое окно", "Пыль и золото", "Карта звёзд", "Второе дыхание",
]  # fmt: skip
CITIES = ["Калининграде", "Казани", "Екатеринбурге", "Самаре", "Владивостоке", "Петербурге"]

NEWS_TITLES = [
    "{person_nom} объявил о новом проекте",
    "В {city} открылся фестиваль «{film}»",
    "Стали известны номинанты премии «Полоса года»",
    "{person_nom} рассказал о планах на следующий год",
    "Сериал «{series}» продлили на второй сезон",
    "Билеты на концерт {person_gen} раскупили за сутки",
    "Зрители выбрали лучший фильм года: им стал «{film}»",
    "В {city} пройдёт бесплатный кинопоказ под открытым небом",
    "Стриминговый сервис покажет документальный фильм о {person_pre}",
]
MUSIC_TITLES = [
    "{person_nom} выпустил альбом «{album}»",
    "Рецензия на альбом «{album}»: {person_nom} ищет новый звук",
    "8 вопросов {person_dat}: о туре, детстве и альбоме «{album}»",
    "{person_nom} отменил концерт в {city}",
    "Клип на песню «{album}» набрал миллион просмотров за два дня",
]
CINEMA_TITLES = [
    "Рецензия на фильм «{film}»: тихая драма о большом",
    "Рецензия на сериал «{series}»: второй сезон лучше первого",
    "8 вопросов {person_dat}: о роли в фильме «{film}»",
    "{person_nom} сыграет главную роль в фильме «{film}»",
    "Трейлер фильма «{film}» вышел в сеть",
]
LIFESTYLE_TITLES = [
    "Как пережить осень: советы {person_gen}",
    "Пять мест в {city}, куда стоит сходить на выходных",
    "{person_nom} рассказал о любимом завтраке",
    "Что приготовить на ужин за двадцать минут",
    "Как выбрать зимнюю куртку и не переплатить",
    "Врачи объяснили, сколько нужно спать взрослому",
]
TITLES_BY_RUBRIC = {
    "novosti": NEWS_TITLES,
    "muzyka": MUSIC_TITLES,
    "kino": CINEMA_TITLES,
    "obraz-zhizni": LIFESTYLE_TITLES,
}

SENTENCES = [
    "По словам организаторов, интерес публики превзошёл ожидания.",
    "Подробности проекта пока держат в секрете, но первые материалы обещают показать весной.",
    "{person_nom} отметил, что работа заняла почти два года.",
    "Коллеги {person_gen} встретили новость с воодушевлением.",
    "Многие зрители сравнивают новую работу с ранними проектами {person_gen}.",
    "В соцсетях уже появились первые отзывы, и большинство из них восторженные.",
    "Критики обращают внимание на смелую операторскую работу и музыку.",
    "Ранее {person_nom} признавался, что давно мечтал о такой истории.",
    "Съёмки проходили в {city} и заняли несколько месяцев.",
    "Редакция связалась с представителями команды, но те пока не дали комментариев.",
    "Собеседник издания уточнил, что бюджет проекта остаётся в прежних рамках.",
    "На пресс-конференции {person_nom} поблагодарил поклонников за поддержку.",
    "Это уже третья совместная работа с {person_ins}.",
    "Эксперты советуют не откладывать покупку билетов: спрос традиционно высок.",
    "Сам {person_nom} пока не комментирует слухи.",
    "О {person_pre} в последние месяцы говорят всё чаще.",
    "Премьера запланирована на конец сезона.",
    "Организаторы обещают расширенную программу и встречи со зрителями.",
    "Фанаты {person_gen} уже выстроились в очередь за автографами.",
    "Журналисты спросили {person_acc} о планах, но ответ получился уклончивым.",
]
QUOTES = [
    "Мы хотели сделать историю, в которой каждый узнает себя.",
    "Самое сложное — вовремя остановиться и не переписывать всё заново.",
    "Я благодарен каждому, кто был рядом все эти годы.",
    "Город для меня — главный герой, а люди в нём — только гости.",
]
LEADS = [
    "Рассказываем, что известно о проекте и чего ждать дальше.",
    "Главное о событии — в нашем материале.",
    "Собрали всё, что нужно знать, в одном тексте.",
    "Почему об этом говорят все и что будет дальше.",
]

_CASES = {
    "nom": None,
    "gen": "gent",
    "dat": "datv",
    "acc": "accs",
    "ins": "ablt",
    "pre": "loct",
}


def _unchanged(text: str) -> str:
    return text


def _fill(template: str, rng: random.Random, person: CastMember) -> str:
    values = {f"person_{key}": person.declined(case) for key, case in _CASES.items()}
    values.update(film=rng.choice(FILMS), album=rng.choice(ALBUMS), city=rng.choice(CITIES))
    values.update(series=rng.choice(SERIES_NAMES))
    text = template.format(**values)
    if person.female:
        text = (
            text.replace("объявил ", "объявила ")
            .replace("рассказал ", "рассказала ")
            .replace("выпустил ", "выпустила ")
            .replace("отменил ", "отменила ")
            .replace("отметил,", "отметила,")
            .replace("признавался", "признавалась")
            .replace("поблагодарил ", "поблагодарила ")
            .replace("Сам ", "Сама ")
        )
    return text


@dataclass
class DemoArticle:
    title: str
    lead: str
    paragraphs: list[str]
    quote: str
    kind: str
    people: list[CastMember]


def demo_article(
    rng: random.Random, rubric_slug: str, typeset: Callable[[str], str] | None = None
) -> DemoArticle:
    """One invented article for the rubric, about one or two cast members.

    ``typeset`` is applied to every sentence, the title, the lead and the quote (the bulk
    generator passes a memoised typography: sentences repeat across a large archive)."""
    typeset = typeset or _unchanged
    people = rng.sample(DEMO_CAST, 2)
    title = _fill(rng.choice(TITLES_BY_RUBRIC.get(rubric_slug, NEWS_TITLES)), rng, people[0])
    if title.startswith("Рецензия"):
        kind = "review"
    elif title.startswith("8 вопросов"):
        kind = "interview"
    elif rubric_slug == "novosti":
        kind = "news"
    else:
        kind = rng.choice(["news", "feature"])
    paragraphs = []
    for index in range(rng.randint(3, 6)):
        person = people[0] if index % 3 != 2 else people[1]
        sentences = rng.sample(SENTENCES, 3)
        paragraphs.append(" ".join(typeset(_fill(sentence, rng, person)) for sentence in sentences))
    return DemoArticle(
        title=typeset(title),
        lead=typeset(rng.choice(LEADS)),
        paragraphs=paragraphs,
        quote=typeset(rng.choice(QUOTES)),
        kind=kind,
        people=people,
    )

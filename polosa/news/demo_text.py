"""Invented Russian newsroom text for the demo site and benchmarks.

Everything here is made up for Polosa: the people, bands, films and places do not exist.
Sentences are assembled from templates with a seeded random generator, so a run is
reproducible; names are declined with petrovich's rules (as the legal engine applies them)
so the text reads like real Russian.
"""

from __future__ import annotations

import functools
import random
import re
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
    first = _known_first_name(first_name, case, female) or inflect(
        first_name, "firstname", gender, case
    )
    last = inflect(last_name, "lastname", gender, case)
    return f"{first} {last}"


def _known_first_name(first_name: str, case: str, female: bool) -> str | None:
    """A first name in ``case`` from pymorphy3's dictionary of names, where it has the name
    (it declines «Савелий» to «Савелии», where petrovich's rules give «Савелие»)."""
    gender = "femn" if female else "masc"
    for parse in _morph().parse(first_name.lower()):
        if "Name" in parse.tag and gender in parse.tag:
            inflected = parse.inflect({case})
            return inflected.word.capitalize() if inflected else None
    return None


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

AUTHORS = [  # name, position, bio
    ("Анна Ключевская", "кинообозреватель", "Пишет о кино и сериалах, ведёт рубрику рецензий."),
    (
        "Дмитрий Полозов",
        "дежурный редактор",
        "Дежурный редактор новостей, в профессии двенадцать лет.",
    ),
    ("Екатерина Вьюгина", "музыкальный обозреватель", "Концерты, релизы, интервью."),
    ("Илья Серебров", "корреспондент", "Пишет о городе, еде и путешествиях."),
    ("Мария Оленина", "редактор рубрики", "Редактор рубрики «Образ жизни»."),
    ("Павел Зимин", "корреспондент", "Освещает фестивали и премии."),
    ("Ольга Травина", "обозреватель", "Интервьюер и автор больших текстов."),
    ("Сергей Колосов", "редактор ночной смены", "Новостной редактор ночной смены."),
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

#: Headline, lead and tags of each kind of piece: the lead says what the piece is about and
#: the tags name its subject. ``[word]`` agrees with the person's gender (see :func:`_agree`).
NEWS_TITLES = [
    (
        "{person_nom} [объявил] о новом проекте",
        "Подробности пока в секрете, но первые материалы {person_nom} обещает показать весной.",
        ["анонсы", "интервью"],
    ),
    (
        "В {city} открылся фестиваль «{film}»",
        "Программа фестиваля рассчитана на неделю: показы, лекции и встречи с авторами.",
        ["фестивали", "кино"],
    ),
    (
        "Стали известны номинанты премии «Полоса года»",
        "В шорт-листе — музыканты, актёры и блогеры, о которых больше всего говорили в этом году.",
        ["награды", "рейтинги"],
    ),
    (
        "{person_nom} [рассказал] о планах на следующий год",
        "Тур, новые записи и, возможно, первая роль в кино: что ждёт поклонников {person_gen}.",
        ["интервью", "анонсы"],
    ),
    (
        "Сериал «{series}» продлили на второй сезон",
        "Съёмки продолжения начнутся летом, в кадр вернётся основной состав.",
        ["сериалы", "стриминг"],
    ),
    (
        "Билеты на концерт {person_gen} раскупили за сутки",
        "Организаторы обещают добавить второй вечер, если площадка позволит.",
        ["концерты", "музыка"],
    ),
    (
        "Зрители выбрали лучший фильм года: им стал «{film}»",
        "Голосование шло месяц, за победителя высказалась почти треть участников.",
        ["рейтинги", "кино"],
    ),
    (
        "В {city} пройдёт бесплатный кинопоказ под открытым небом",
        "Показы начнутся с заходом солнца, пледы и складные стулья можно принести с собой.",
        ["город", "кино"],
    ),
    (
        "Стриминговый сервис покажет документальный фильм о {person_pre}",
        "Авторы фильма два года снимали героя на гастролях, дома и в студии.",
        ["стриминг", "премьеры"],
    ),
]
MUSIC_TITLES = [
    (
        "{person_nom} [выпустил] альбом «{album}»",
        "В альбом вошли одиннадцать песен, две из них записаны с оркестром.",
        ["релизы", "музыка"],
    ),
    (
        "Рецензия на альбом «{album}»: {person_nom} ищет новый звук",
        "Меньше гитар, больше электроники и голос, который наконец вышел на первый план.",
        ["релизы", "музыка", "рецензии"],
    ),
    (
        "8 вопросов {person_dat}: о туре, детстве и альбоме «{album}»",
        "Поговорили о первом концерте, любимых городах и о том, почему альбом писался три года.",
        ["интервью", "музыка"],
    ),
    (
        "{person_nom} [отменил] концерт в {city}",
        "Деньги за билеты вернут в течение десяти дней, новую дату обещают назвать позже.",
        ["концерты", "музыка"],
    ),
    (
        "Клип на песню «{album}» набрал миллион просмотров за два дня",
        "Ролик сняли за одну ночь на крыше заброшенного завода.",
        ["музыка", "тренды"],
    ),
]
CINEMA_TITLES = [
    (
        "Рецензия на фильм «{film}»: тихая драма о большом",
        "Фильм, который не торопится и не боится пауз, — и тем сильнее действует.",
        ["рецензии", "кино"],
    ),
    (
        "Рецензия на сериал «{series}»: второй сезон лучше первого",
        "Сценаристы нашли, куда повести героев, и сделали сезон собраннее и злее.",
        ["рецензии", "сериалы"],
    ),
    (
        "8 вопросов {person_dat}: о роли в фильме «{film}»",
        "Как готовиться к роли, зачем перечитывать сценарий на площадке и что будет дальше.",
        ["интервью", "кино"],
    ),
    (
        "{person_nom} [сыграет] главную роль в фильме «{film}»",
        "Съёмки начнутся осенью, премьера намечена на следующий год.",
        ["кино", "премьеры"],
    ),
    (
        "Трейлер фильма «{film}» вышел в сеть",
        "Две минуты без единой реплики — и уже сотни тысяч просмотров.",
        ["кино", "премьеры"],
    ),
]
LIFESTYLE_TITLES = [
    (
        "Как пережить осень: советы {person_gen}",
        "Прогулки, режим и немного музыки: простые привычки, которые помогают в тёмное время года.",
        ["здоровье", "советы"],
    ),
    (
        "Пять мест в {city}, куда стоит сходить на выходных",
        "Выставка, новый сквер, две кофейни и книжный магазин с лекторием по субботам.",
        ["путешествия", "город"],
    ),
    (
        "{person_nom} [рассказал] о любимом завтраке",
        "Каша, яйца или кофе на бегу: чем начинается день у {person_gen}.",
        ["еда", "интервью"],
    ),
    (
        "Что приготовить на ужин за двадцать минут",
        "Три рецепта из того, что найдётся в холодильнике в будний вечер.",
        ["еда", "советы"],
    ),
    (
        "Как выбрать зимнюю куртку и не переплатить",
        "На что смотреть на ярлыке, почему важна длина и когда ждать скидок.",
        ["мода", "советы"],
    ),
    (
        "Врачи объяснили, сколько нужно спать взрослому",
        "Норма у всех своя, но меньше семи часов — повод задуматься.",
        ["здоровье", "наука"],
    ),
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
    "{person_nom} [отметил], что работа заняла почти два года.",
    "Коллеги {person_gen} встретили новость с воодушевлением.",
    "Многие зрители сравнивают новую работу с ранними проектами {person_gen}.",
    "В соцсетях уже появились первые отзывы, и большинство из них восторженные.",
    "Критики обращают внимание на смелую операторскую работу и музыку.",
    "Ранее {person_nom} [признавался], что давно [мечтал] о такой истории.",
    "Съёмки проходили в {city} и заняли несколько месяцев.",
    "Редакция связалась с представителями команды, но те пока не дали комментариев.",
    "Собеседник издания уточнил, что бюджет проекта остаётся в прежних рамках.",
    "На пресс-конференции {person_nom} [поблагодарил] поклонников за поддержку.",
    "Это уже третья совместная работа с {person_ins}.",
    "Эксперты советуют не откладывать покупку билетов: спрос традиционно высок.",
    "[Сам] {person_nom} пока не комментирует слухи.",
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


def _fill(template: str, rng: random.Random, person: CastMember, **fixed: str) -> str:
    values = {f"person_{key}": person.declined(case) for key, case in _CASES.items()}
    values.update(film=rng.choice(FILMS), album=rng.choice(ALBUMS), city=rng.choice(CITIES))
    values.update(series=rng.choice(SERIES_NAMES))
    values.update(fixed)
    text = _agree(template.format(**values), person.female)
    return _before_vowel(text)


_AGREEING = re.compile(r"\[([^\]]+)\]")
#: «о Ариане» → «об Ариане»: the preposition «о» before a vowel.
_O_BEFORE_VOWEL = re.compile(r"\b([Оо]) (?=[АОУЭИаоуэи])")


@functools.cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=512)
def _feminine(word: str) -> str:
    """A past-tense verb or a short adjective in the feminine (``признавался`` →
    ``признавалась``, ``сам`` → ``сама``), by pymorphy3."""
    parse = _morph().parse(word.lower())[0]
    inflected = parse.inflect({"femn"})
    found = inflected.word if inflected else word
    return found.capitalize() if word[:1].isupper() else found


def _agree(text: str, female: bool) -> str:
    """Words in ``[...]`` agree with the person's gender."""
    return _AGREEING.sub(lambda m: _feminine(m.group(1)) if female else m.group(1), text)


def _before_vowel(text: str) -> str:
    return _O_BEFORE_VOWEL.sub(lambda m: m.group(1) + "б ", text)


ALL_CATEGORIES = frozenset({"musician", "actor", "blogger", "director", "athlete", "writer"})
#: Who a rubric's pieces are about: an album is a musician's, a role an actor's.
RUBRIC_CATEGORIES = {
    "muzyka": frozenset({"musician"}),
    "kino": frozenset({"actor", "director"}),
    "obraz-zhizni": frozenset({"blogger", "athlete", "writer"}),
}


@dataclass
class DemoArticle:
    title: str
    lead: str
    paragraphs: list[str]
    quote: str
    kind: str
    people: list[CastMember]
    tags: list[str]


def demo_article(
    rng: random.Random, rubric_slug: str, typeset: Callable[[str], str] | None = None
) -> DemoArticle:
    """One invented article for the rubric, about one or two cast members: the lead and the
    tags belong to the headline, the film, album and city are the same throughout.

    ``typeset`` is applied to every sentence, the title, the lead and the quote (the bulk
    generator passes a memoised typography: sentences repeat across a large archive)."""
    typeset = typeset or _unchanged
    hero = rng.choice(
        [m for m in DEMO_CAST if m.category in RUBRIC_CATEGORIES.get(rubric_slug, ALL_CATEGORIES)]
    )
    people = [hero, rng.choice([member for member in DEMO_CAST if member != hero])]
    title_template, lead_template, tags = rng.choice(TITLES_BY_RUBRIC.get(rubric_slug, NEWS_TITLES))
    fixed = {"film": rng.choice(FILMS), "album": rng.choice(ALBUMS), "city": rng.choice(CITIES)}
    fixed["series"] = rng.choice(SERIES_NAMES)
    title = _fill(title_template, rng, people[0], **fixed)
    lead = _fill(lead_template, rng, people[0], **fixed)
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
        paragraphs.append(
            " ".join(typeset(_fill(sentence, rng, person, **fixed)) for sentence in sentences)
        )
    return DemoArticle(
        title=typeset(title),
        lead=typeset(lead),
        paragraphs=paragraphs,
        quote=typeset(rng.choice(QUOTES)),
        kind=kind,
        people=people,
        tags=list(tags),
    )

"""The second annotated corpus: one labelled case for every kind of error issue 14 lists.

Each case has a name that says what it checks (the test id), a text, and the mentions the
engine must find: ``(entry_id, certainty[, matched text])``. Traps are cases where the
person or organisation is NOT meant; they expect nothing, or ``review`` where only an
editor can tell. All names are invented; the organisations are well known or invented.
"""

from __future__ import annotations

from datetime import date

from polosa.legal.engine import RegistryEntry

from .corpus import R, S, Sample

ENTRIES = [
    RegistryEntry("p_vorobey", "foreign_agent", "person", "Воробей Павел Ильич"),
    RegistryEntry("p_zhuravel", "foreign_agent", "person", "Журавель Степан Олегович"),
    RegistryEntry("p_zhuravel_f", "foreign_agent", "person", "Журавель Нина Сергеевна"),
    RegistryEntry("p_kovaleva", "foreign_agent", "person", "Ковалёва Анна Петровна"),
    RegistryEntry("p_kravtsova", "foreign_agent", "person", "Кравцова Ольга Викторовна"),
    RegistryEntry("p_grom", "foreign_agent", "person", "Гром Ирина Павловна"),
    RegistryEntry("p_korolev", "foreign_agent", "person", "Королёв Антон Сергеевич"),
    RegistryEntry("p_vorobyov", "foreign_agent", "person", "Воробьёв Игорь Николаевич"),
    RegistryEntry("p_lesnikov", "foreign_agent", "person", "Лесников Тимур Андреевич"),
    RegistryEntry("p_shcherbakov", "foreign_agent", "person", "Щербаков Юрий Андреевич"),
    RegistryEntry("p_khabibullin", "foreign_agent", "person", "Хабибуллин Тимур Маратович"),
    RegistryEntry("p_zhukovskaya", "foreign_agent", "person", "Жуковская Наталья Игоревна"),
    RegistryEntry("p_perepelkin", "foreign_agent", "person", "Перепёлкин Аркадий Семёнович"),
    RegistryEntry("p_moroz", "foreign_agent", "person", "Мороз Глеб Викторович"),
    RegistryEntry("p_solovey", "foreign_agent", "person", "Соловей Марк Андреевич"),
    RegistryEntry(
        "o_bridge", "undesirable", "organisation", "Bridge Foundation", aliases=("Bridge",)
    ),
    RegistryEntry(
        "o_nebo", "foreign_agent", "organisation", "Издание «Ясное небо»", aliases=("Ясное небо",)
    ),
    RegistryEntry(
        "o_meta",
        "extremist",
        "organisation",
        "Meta Platforms Inc.",
        aliases=("Meta", "Мета", "Facebook", "Фейсбук", "Instagram", "Инстаграм"),
    ),
    # One foundation in two registries: one footnote, both statuses.
    RegistryEntry("o_bereg_fa", "foreign_agent", "organisation", "Фонд «Правый берег»"),
    RegistryEntry("o_bereg_ex", "extremist", "organisation", "Фонд «Правый берег»"),
]

DAY = date(2025, 6, 1)

#: name → sample. Mentions the engine must find.
MENTIONS: dict[str, Sample] = {
    # Declension with a dropped or changed vowel.
    "vorobey genitive drops the vowel": Sample(
        "Дом Павла Воробья сгорел.", (("p_vorobey", S, "Павла Воробья"),)
    ),
    "vorobey dative drops the vowel": Sample(
        "Письмо отправили Павлу Воробью.", (("p_vorobey", S, "Павлу Воробью"),)
    ),
    "vorobey instrumental with yo": Sample(
        "Мы поговорили с Павлом Воробьём.", (("p_vorobey", S, "Павлом Воробьём"),)
    ),
    "vorobey instrumental with e": Sample(
        "Мы поговорили с Павлом Воробьем.", (("p_vorobey", S, "Павлом Воробьем"),)
    ),
    "vorobey with an initial": Sample(
        "Иск против П. Воробья отклонили.", (("p_vorobey", S, "П. Воробья"),)
    ),
    "zhuravel genitive drops the vowel": Sample(
        "Книга Степана Журавля вышла.", (("p_zhuravel", S, "Степана Журавля"),)
    ),
    "zhuravel genitive keeping the vowel": Sample(
        "Книга Степана Журавеля вышла.", (("p_zhuravel", S, "Степана Журавеля"),)
    ),
    "zhuravel female does not decline": Sample(
        "Интервью с Ниной Журавель вышло.", (("p_zhuravel_f", S, "Ниной Журавель"),)
    ),
    # Plural surnames shared by two first names.
    "family plural with two first names": Sample(
        "Анна и Пётр Ковалёвы уехали в Ригу.", (("p_kovaleva", S, "Анна и Пётр Ковалёвы"),)
    ),
    "family plural with two first names oblique": Sample(
        "Квартиру Анны и Петра Ковалёвых продали.",
        (("p_kovaleva", S, "Анны и Петра Ковалёвых"),),
    ),
    "family plural alone of a rare surname": Sample(
        "Супруги Ковалёвы уехали.", (("p_kovaleva", S, "Ковалёвы"),)
    ),
    # The family plural of a surname that declines like a noun and drops its vowel.
    "vorobey family plural nominative": Sample(
        "Анна и Павел Воробьи уехали в Ригу.", (("p_vorobey", S, "Анна и Павел Воробьи"),)
    ),
    "vorobey family plural with his name first": Sample(
        "Павел и Анна Воробьи уехали.", (("p_vorobey", S, "Павел и Анна Воробьи"),)
    ),
    "vorobey family plural genitive with yo": Sample(
        "Квартиру Анны и Павла Воробьёв продали.", (("p_vorobey", S, "Анны и Павла Воробьёв"),)
    ),
    "vorobey family plural genitive with e": Sample(
        "Квартиру Анны и Павла Воробьев продали.", (("p_vorobey", S, "Анны и Павла Воробьев"),)
    ),
    "vorobey family plural accusative": Sample(
        "Суд оштрафовал Анну и Павла Воробьёв.", (("p_vorobey", S, "Анну и Павла Воробьёв"),)
    ),
    "vorobey family plural dative": Sample(
        "Письмо Анне и Павлу Воробьям не дошло.", (("p_vorobey", S, "Анне и Павлу Воробьям"),)
    ),
    "vorobey family plural instrumental": Sample(
        "Мы встретились с Анной и Павлом Воробьями.",
        (("p_vorobey", S, "Анной и Павлом Воробьями"),),
    ),
    "vorobey family plural prepositional": Sample(
        "Фильм об Анне и Павле Воробьях вышел.", (("p_vorobey", S, "Анне и Павле Воробьях"),)
    ),
    "vorobey family plural keeping the vowel": Sample(
        "Анна и Павел Воробеи уехали.", (("p_vorobey", S, "Анна и Павел Воробеи"),)
    ),
    "solovey family plural nominative": Sample(
        "Вера и Марк Соловьи открыли школу.", (("p_solovey", S, "Вера и Марк Соловьи"),)
    ),
    "solovey family plural genitive with yo": Sample(
        "Школа Веры и Марка Соловьёв закрылась.", (("p_solovey", S, "Веры и Марка Соловьёв"),)
    ),
    "zhuravel family plural names both entries": Sample(
        "Степан и Нина Журавли уехали.",
        (("p_zhuravel", S, "Степан и Нина Журавли"), ("p_zhuravel_f", S, "Степан и Нина Журавли")),
    ),
    "zhuravel family plural genitive": Sample(
        "Дом Степана и Нины Журавлей продан.",
        (
            ("p_zhuravel", S, "Степана и Нины Журавлей"),
            ("p_zhuravel_f", S, "Степана и Нины Журавлей"),
        ),
    ),
    "zhuravel family plural keeping the vowel": Sample(
        "С Ниной и Степаном Журавелями не связались.",
        (
            ("p_zhuravel", S, "Ниной и Степаном Журавелями"),
            ("p_zhuravel_f", S, "Ниной и Степаном Журавелями"),
        ),
    ),
    "moroz family plural": Sample(
        "Глеб и Анна Морозы переехали.", (("p_moroz", S, "Глеб и Анна Морозы"),)
    ),
    "moroz couple keeps the singular": Sample(
        "Глеб и Анна Мороз переехали.", (("p_moroz", S, "Глеб и Анна Мороз"),)
    ),
    "a surname alone after the full name despite a weather-like verb": Sample(
        "Глеб Мороз вышел на поле. Мороз ударил по воротам.",
        (("p_moroz", S, "Глеб Мороз"), ("p_moroz", S, "Мороз")),
    ),
    "family plural alone after the full name": Sample(
        "Павел Воробей женился. Теперь Воробьи живут в Риге.",
        (("p_vorobey", S, "Павел Воробей"), ("p_vorobey", S, "Воробьи")),
    ),
    # Latin spellings the registry does not list.
    "latin popular spelling": Sample(
        "Yuriy Shcherbakov declined to comment.", (("p_shcherbakov", S, "Yuriy Shcherbakov"),)
    ),
    "latin icao passport spelling": Sample(
        "Iurii Shcherbakov declined to comment.", (("p_shcherbakov", S, "Iurii Shcherbakov"),)
    ),
    "latin surname first": Sample(
        "Shcherbakov Yury declined.", (("p_shcherbakov", S, "Shcherbakov Yury"),)
    ),
    "latin kh": Sample("Timur Khabibullin said so.", (("p_khabibullin", S, "Timur Khabibullin"),)),
    "latin h for kh": Sample(
        "Timur Habibullin said so.", (("p_khabibullin", S, "Timur Habibullin"),)
    ),
    "latin ia and zh": Sample(
        "Natalia Zhukovskaia said so.", (("p_zhukovskaya", S, "Natalia Zhukovskaia"),)
    ),
    "latin ya and zh": Sample(
        "Natalya Zhukovskaya said so.", (("p_zhukovskaya", S, "Natalya Zhukovskaya"),)
    ),
    "latin yo": Sample("Anna Kovalyova said so.", (("p_kovaleva", S, "Anna Kovalyova"),)),
    "latin e for yo": Sample("Anna Kovaleva said so.", (("p_kovaleva", S, "Anna Kovaleva"),)),
    "latin rare surname alone in russian text": Sample(
        "Об этом написал Shcherbakov.", (("p_shcherbakov", S, "Shcherbakov"),)
    ),
    "latin initial": Sample("Y. Shcherbakov wrote it.", (("p_shcherbakov", S, "Y. Shcherbakov"),)),
    # A line break between first name and surname.
    "br between first name and surname": Sample(
        "<p>Павел<br>Воробей сказал, что уедет.</p>", (("p_vorobey", S, "Павел<br>Воробей"),)
    ),
    "br with slash and newline": Sample(
        "<p>Автор: Аркадий<br/>\nПерепёлкин</p>", (("p_perepelkin", S, "Аркадий<br/>\nПерепёлкин"),)
    ),
    # A rare surname that is an oblique form of an ordinary word.
    "rare surname with a word stem mid-sentence": Sample(
        "Статью написал Лесников.", (("p_lesnikov", S, "Лесников"),)
    ),
    "rare surname with a word stem oblique": Sample(
        "Письмо Лесникову передали вчера.", (("p_lesnikov", S, "Лесникову"),)
    ),
    # Cyrillic inflections of a Latin brand and hyphen compounds.
    "brand spelling locative": Sample("Пост в Мете удалили.", (("o_meta", S, "Мете"),)),
    "brand spelling genitive": Sample("Акции Меты выросли.", (("o_meta", S, "Меты"),)),
    "brand spelling at a sentence end": Sample("Решение оспорила Мета.", (("o_meta", S, "Мета"),)),
    "latin brand hyphen page": Sample(
        "Её Facebook-страница пуста.", (("o_meta", S, "Facebook-страница"),)
    ),
    "latin brand hyphen account": Sample(
        "Его Instagram-аккаунт заблокировали.", (("o_meta", S, "Instagram-аккаунт"),)
    ),
    "cyrillic brand hyphen account": Sample(
        "Его Инстаграм-аккаунт заблокировали.", (("o_meta", S, "Инстаграм-аккаунт"),)
    ),
    "latin alias with a capital": Sample(
        "Фонд Bridge выпустил доклад.", (("o_bridge", S, "Bridge"),)
    ),
    "female surname after her own first name": Sample(
        "Выступление Ольги Кравцовой перенесли.", (("p_kravtsova", S, "Ольги Кравцовой"),)
    ),
    # The first name next to a common-word surname.
    "common-word surname after lowercase word": Sample(
        "Раздался гром Ирины Гром в зале.", (("p_grom", S, "Ирины Гром"),)
    ),
    # Real mentions of place-like surnames are kept.
    "full name next to the town": Sample(
        "Антон Королёв выступил в Королёве.", (("p_korolev", S, "Антон Королёв"),)
    ),
    "surname about a person stays review": Sample(
        "Журналисты писали о Королёве.", (("p_korolev", R, "Королёве"),)
    ),
    "full name of a street-like surname": Sample(
        "Игорь Воробьёв дал интервью.", (("p_vorobyov", S, "Игорь Воробьёв"),)
    ),
    # One entity in two registries.
    "entity in two registries": Sample(
        "Фонд «Правый берег» закрыли.", (("o_bereg_fa", S), ("o_bereg_ex", S))
    ),
}

#: name → sample. Traps: the entity is not meant (nothing), or only an editor can tell.
TRAPS: dict[str, Sample] = {
    "another family with the same plural": Sample("Мария и Пётр Ковалёвы — соседи.", ()),
    "latin surname after another first name": Sample("John Shcherbakov said so.", ()),
    "latin surname alone in lower case": Sample("The shcherbakov file is gone.", ()),
    "latin surname alone starting an english sentence": Sample(
        "Shcherbakov declined to comment.", (("p_shcherbakov", R, "Shcherbakov"),)
    ),
    "latin surname after an english word": Sample(
        "We asked Shcherbakov twice.", (("p_shcherbakov", R, "Shcherbakov"),)
    ),
    "male genitive after another first name": Sample("Выступление Сергея Кравцова перенесли.", ()),
    "male genitive after another first name with patronymic": Sample(
        "Интервью Сергея Ивановича Кравцова вышло.", ()
    ),
    "lowercase english word equal to a latin alias": Sample("Роутер работает в bridge mode.", ()),
    "lowercase english phrase": Sample("Set the bridge mode first.", ()),
    "lowercase latin alias in russian text": Sample(
        "Включите режим bridge в настройках.", (("o_bridge", R, "bridge"),)
    ),
    "ordinary word equal to a brand spelling": Sample("Художник поставил мету.", ()),
    "brand spelling in a compound": Sample("Мета-анализ показал рост.", ()),
    "weather word mid-sentence with a capital": Sample(
        "Ночью Мороз усилился до минус тридцати.", ()
    ),
    "weather word at a sentence start": Sample("Мороз крепчал всю ночь.", ()),
    "thunder at a sentence start": Sample("Гром прогремел над городом.", ()),
    "sparrows": Sample("Воробьи сидели на ветке.", ()),
    "sparrows in the genitive": Sample("Стая воробьёв взлетела.", ()),
    "cranes at a sentence start": Sample("Журавли улетели на юг.", ()),
    "nightingales at a sentence start": Sample("Соловьи пели до утра.", ()),
    "frosts at a sentence start": Sample("Морозы ударили в январе.", ()),
    "another family with a noun-like plural": Sample("Мария и Олег Воробьи уехали.", ()),
    "two nominative names before a genitive-shaped plural": Sample(
        "Анна и Павел Воробьёв уехали.", ()
    ),
    "another man whose surname is the genitive plural": Sample("Павел Воробьёв дал интервью.", ()),
    "another couple with a unisex surname": Sample("Олег и Анна Мороз переехали.", ()),
    "weather word paired with the sun": Sample("Мороз и солнце — день чудесный.", ()),
    "town before a dash and the word city": Sample("Королёв — город науки.", ()),
    "the residents of a town": Sample("Жители Королёва недовольны.", ()),
    "the mayor of a town": Sample("Мэр Королёва подал в отставку.", ()),
    "a bird building a nest": Sample("Соловей свил гнездо под крышей.", ()),
    "a bird on a branch": Sample("Воробей сел на ветку.", ()),
    "a singer stays review": Sample(
        "Соловей выступил с концертом.", (("p_solovey", R, "Соловей"),)
    ),
    "a person before a dash stays review": Sample(
        "Королёв — хороший инженер.", (("p_korolev", R, "Королёв"),)
    ),
    "family plural alone mid-sentence is review": Sample(
        "В гости приехали Воробьи.", (("p_vorobey", R, "Воробьи"),)
    ),
    "street named after a surname": Sample("На улице Воробьёва открыли кафе.", ()),
    "street abbreviation": Sample("Кафе открыли на ул. Воробьёва.", ()),
    "town equal to a surname": Sample("В Королёве открыли театр.", ()),
    "foresters in lower case": Sample("В лесу работали двое лесников.", ()),
    "foresters at a sentence start": Sample(
        "Лесников в районе не хватает.", (("p_lesnikov", R, "Лесников"),)
    ),
    "common-word surname alone at a sentence start": Sample(
        "Воробей сказал, что уедет.", (("p_vorobey", R, "Воробей"),)
    ),
    "paragraphs still separate names": Sample(
        "<p>Павел</p><p>Воробей сказал, что уедет.</p>", (("p_vorobey", R, "Воробей"),)
    ),
}

#: name → (html, marked html): where the stars land.
MARKING: dict[str, tuple[str, str]] = {
    "star after the closing quote": (
        "Статья вышла в «Ясном небе» вчера.",
        "Статья вышла в «Ясном небе»* вчера.",
    ),
    "star after a closing quote entity": (
        "<p>Статья вышла в &laquo;Ясном небе&raquo;.</p>",
        "<p>Статья вышла в &laquo;Ясном небе&raquo;*.</p>",
    ),
    "star after the surname not the first name": (
        "Раздался гром Ирины Гром.",
        "Раздался гром Ирины Гром*.",
    ),
    "star after a hyphen compound": (
        "Её Facebook-страница пуста.",
        "Её Facebook-страница* пуста.",
    ),
    "one star for an entity in two registries": (
        "Фонд «Правый берег» и Anna Kovaleva.",
        "Фонд «Правый берег»* и Anna Kovaleva**.",
    ),
}

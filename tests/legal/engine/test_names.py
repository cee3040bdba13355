"""Personal names: gender from a full name, name order, declension for the plaque.

Expected forms are written by hand, never produced by the engine.
"""

from __future__ import annotations

import pytest

from polosa.legal.engine import RegistryEntry, compile_entries, forms, names, plaque

M, F = names.MALE, names.FEMALE


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        # Women whose first name is also the genitive of a man's name.
        ("Евгения Альбац", F),
        ("Альбац Евгения", F),
        ("Валерия Новодворская", F),
        ("Александра Скочиленко", F),
        ("Мирослава Гонгадзе", F),
        ("Стефания Брусницына", F),
        ("Ярослава Мудрая", F),
        ("Виталия Крылова", F),
        ("Ника Осокина", F),
        ("Осокина Ника", F),
        # Women with a surname that does not show the gender.
        ("Ирина Шихман", F),
        ("Кира Ярмыш", F),
        ("Анна Шмидт", F),
        ("Ольга Седых", F),
        ("Дарья Серенко", F),
        ("Любовь Соболь", F),
        ("Катя Гордон", F),
        # A rare first name the dictionary lists as a man's: the surname decides.
        ("Ляйсан Утяшева", F),
        ("Лиана Озерова", F),
        # Men whose first name ends like a woman's.
        ("Никита Кулаков", M),
        ("Илья Яшин", M),
        ("Кузьма Минин", M),
        ("Лука Порошин", M),
        ("Фома Лужков", M),
        ("Даниил Кара-Мурза", M),
        ("Юрий Дудь", M),
        ("Лев Толстой", M),
        # The patronymic decides whatever the rest says.
        ("Шмидт Анна Карловна", F),
        ("Седых Ольга Ивановна", F),
        ("Кара-Мурза Владимир Владимирович", M),
        ("Гриценко Тарас Богданович", M),
        ("Мамедова Севиль Рашид кызы", F),
        ("Алиев Рашид Гейдар оглы", M),
        # A surname alone.
        ("Иванова", F),
        ("Новодворская", F),
        ("Журавлёв", M),
    ],
)
def test_gender_from_a_full_name(name, gender):
    assert forms.parse_person_name(name).gender == gender


def test_common_gender_first_names_decide_nothing():
    assert names.first_name_gender("Саша") is None
    assert names.first_name_gender("Женя") is None
    assert forms.parse_person_name("Саша Скочиленко").gender == M  # nothing tells: default
    assert forms.parse_person_name("Саша Петрова").gender == F  # the surname tells


def test_first_name_gender_uses_nominative_parses_only():
    assert names.first_name_gender("Евгения") == F
    assert names.first_name_gender("Евгений") == M
    assert names.first_name_gender("Александра") == F
    assert names.first_name_gender("Мирослава") == F
    assert names.first_name_gender("Никита") == M


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Евгения Альбац", ("Альбац", "Евгения")),
        ("Альбац Евгения", ("Альбац", "Евгения")),
        ("Лиана Озерова", ("Озерова", "Лиана")),
        ("Катя Гордон", ("Гордон", "Катя")),
        ("Иванов Иван", ("Иванов", "Иван")),
        ("Иван Иванов", ("Иванов", "Иван")),
        ("Никита Михалков", ("Михалков", "Никита")),
        ("Анна Кара-Мурза", ("Кара-Мурза", "Анна")),
    ],
)
def test_name_order(name, parts):
    person = forms.parse_person_name(name)
    assert (person.surname, person.first) == parts


@pytest.mark.parametrize(
    ("value", "role", "gender", "expected"),
    [
        # Shared (androgynous) rules apply to both genders.
        ("Вероника", "firstname", F, ("Вероники", "Веронике", "Веронику", "Вероникой")),
        ("Ольга", "firstname", F, ("Ольги", "Ольге", "Ольгу", "Ольгой")),
        ("Никита", "firstname", M, ("Никиты", "Никите", "Никиту", "Никитой")),
        ("Кузьма", "firstname", M, ("Кузьмы", "Кузьме", "Кузьму", "Кузьмой")),
        ("Илья", "firstname", M, ("Ильи", "Илье", "Илью", "Ильей")),
        ("Саша", "firstname", M, ("Саши", "Саше", "Сашу", "Сашей")),
        ("Миша", "firstname", M, ("Миши", "Мише", "Мишу", "Мишей")),
        ("Любовь", "firstname", F, ("Любови", "Любови", "Любовь", "Любовью")),
        ("Лев", "firstname", M, ("Льва", "Льву", "Льва", "Львом")),
        # Surnames.
        ("Рыбка", "lastname", F, ("Рыбки", "Рыбке", "Рыбку", "Рыбкой")),
        ("Шмидт", "lastname", F, ("Шмидт", "Шмидт", "Шмидт", "Шмидт")),
        ("Седых", "lastname", F, ("Седых", "Седых", "Седых", "Седых")),
        ("Гриценко", "lastname", M, ("Гриценко", "Гриценко", "Гриценко", "Гриценко")),
        ("Толстой", "lastname", M, ("Толстого", "Толстому", "Толстого", "Толстым")),
        # Double surnames: a first part that is a surname of its own declines too.
        (
            "Кара-Мурза",
            "lastname",
            M,
            ("Кара-Мурзы", "Кара-Мурзе", "Кара-Мурзу", "Кара-Мурзой"),
        ),
        (
            "Кара-Мурза",
            "lastname",
            F,
            ("Кара-Мурзы", "Кара-Мурзе", "Кара-Мурзу", "Кара-Мурзой"),
        ),
        (
            "Скрябин-Лосев",
            "lastname",
            M,
            ("Скрябина-Лосева", "Скрябину-Лосеву", "Скрябина-Лосева", "Скрябиным-Лосевым"),
        ),
        (
            "Озёрная-Ветрова",
            "lastname",
            F,
            ("Озёрной-Ветровой", "Озёрной-Ветровой", "Озёрную-Ветрову", "Озёрной-Ветровой"),
        ),
        (
            "Бонч-Бруевич",
            "lastname",
            M,
            ("Бонч-Бруевича", "Бонч-Бруевичу", "Бонч-Бруевича", "Бонч-Бруевичем"),
        ),
        (
            "Римский-Корсаков",
            "lastname",
            M,
            (
                "Римского-Корсакова",
                "Римскому-Корсакову",
                "Римского-Корсакова",
                "Римским-Корсаковым",
            ),
        ),
        ("Павловна", "middlename", F, ("Павловны", "Павловне", "Павловну", "Павловной")),
    ],
)
def test_declension(value, role, gender, expected):
    got = tuple(
        names.inflect(value, role, gender, case) for case in ("gent", "datv", "accs", "ablt")
    )
    assert got == expected


def test_capitals_keep_capitals():
    assert names.inflect("ВЕРОНИКА", "firstname", F, "gent") == "ВЕРОНИКИ"


HEAD = "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН "


def _plaque(ablt: str, gent: str) -> str:
    return (
        f"{HEAD}ИНОСТРАННЫМ АГЕНТОМ {ablt} ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА "
        f"{gent}. 18+"
    )


@pytest.mark.parametrize(
    ("name", "ablt", "gent"),
    [
        (
            "Загорская Вероника Павловна",
            "ЗАГОРСКОЙ ВЕРОНИКОЙ ПАВЛОВНОЙ",
            "ЗАГОРСКОЙ ВЕРОНИКИ ПАВЛОВНЫ",
        ),
        ("Вероника Загорская", "ВЕРОНИКОЙ ЗАГОРСКОЙ", "ВЕРОНИКИ ЗАГОРСКОЙ"),
        ("Альбац Евгения Марковна", "АЛЬБАЦ ЕВГЕНИЕЙ МАРКОВНОЙ", "АЛЬБАЦ ЕВГЕНИИ МАРКОВНЫ"),
        ("Евгения Альбац", "ЕВГЕНИЕЙ АЛЬБАЦ", "ЕВГЕНИИ АЛЬБАЦ"),
        ("Седых Ольга Ивановна", "СЕДЫХ ОЛЬГОЙ ИВАНОВНОЙ", "СЕДЫХ ОЛЬГИ ИВАНОВНЫ"),
        ("Рыбка Нина Сергеевна", "РЫБКОЙ НИНОЙ СЕРГЕЕВНОЙ", "РЫБКИ НИНЫ СЕРГЕЕВНЫ"),
        ("Любовь Соболь", "ЛЮБОВЬЮ СОБОЛЬ", "ЛЮБОВИ СОБОЛЬ"),
        ("Мирослава Гонгадзе", "МИРОСЛАВОЙ ГОНГАДЗЕ", "МИРОСЛАВЫ ГОНГАДЗЕ"),
        (
            "Журавлёв Кирилл Андреевич",
            "ЖУРАВЛЁВЫМ КИРИЛЛОМ АНДРЕЕВИЧЕМ",
            "ЖУРАВЛЁВА КИРИЛЛА АНДРЕЕВИЧА",
        ),
        ("Никита Кулаков", "НИКИТОЙ КУЛАКОВЫМ", "НИКИТЫ КУЛАКОВА"),
        (
            "Гриценко Тарас Богданович",
            "ГРИЦЕНКО ТАРАСОМ БОГДАНОВИЧЕМ",
            "ГРИЦЕНКО ТАРАСА БОГДАНОВИЧА",
        ),
        ("Толстой Лев Николаевич", "ТОЛСТЫМ ЛЬВОМ НИКОЛАЕВИЧЕМ", "ТОЛСТОГО ЛЬВА НИКОЛАЕВИЧА"),
        # Double surnames.
        (
            "Кара-Мурза Владимир Владимирович",
            "КАРА-МУРЗОЙ ВЛАДИМИРОМ ВЛАДИМИРОВИЧЕМ",
            "КАРА-МУРЗЫ ВЛАДИМИРА ВЛАДИМИРОВИЧА",
        ),
        (
            "Скрябин-Лосев Олег Игоревич",
            "СКРЯБИНЫМ-ЛОСЕВЫМ ОЛЕГОМ ИГОРЕВИЧЕМ",
            "СКРЯБИНА-ЛОСЕВА ОЛЕГА ИГОРЕВИЧА",
        ),
        (
            "Озёрная-Ветрова Елизавета Марковна",
            "ОЗЁРНОЙ-ВЕТРОВОЙ ЕЛИЗАВЕТОЙ МАРКОВНОЙ",
            "ОЗЁРНОЙ-ВЕТРОВОЙ ЕЛИЗАВЕТЫ МАРКОВНЫ",
        ),
        # Pseudonyms stay out of the plaque.
        (
            "Загорская Вероника Павловна (псевдоним «Ника Заря»)",
            "ЗАГОРСКОЙ ВЕРОНИКОЙ ПАВЛОВНОЙ",
            "ЗАГОРСКОЙ ВЕРОНИКИ ПАВЛОВНЫ",
        ),
    ],
)
def test_plaque_declines_persons(name, ablt, gent):
    assert plaque(name) == _plaque(ablt, gent)


@pytest.mark.parametrize(
    ("name", "ablt", "gent"),
    [
        # The organisation's own name, in quotes, never changes; a type word before it does.
        ("ООО «Рога и копыта»", "ООО «РОГА И КОПЫТА»", "ООО «РОГА И КОПЫТА»"),
        ("АНО «Свобода слова»", "АНО «СВОБОДА СЛОВА»", "АНО «СВОБОДА СЛОВА»"),
        ("Фонд «Открытый горизонт»", "ФОНДОМ «ОТКРЫТЫЙ ГОРИЗОНТ»", "ФОНДА «ОТКРЫТЫЙ ГОРИЗОНТ»"),
        (
            "Объединение «Вольный эфир»",
            "ОБЪЕДИНЕНИЕМ «ВОЛЬНЫЙ ЭФИР»",
            "ОБЪЕДИНЕНИЯ «ВОЛЬНЫЙ ЭФИР»",
        ),
        (
            "Международная общественная организация «Мемориал»",
            "МЕЖДУНАРОДНОЙ ОБЩЕСТВЕННОЙ ОРГАНИЗАЦИЕЙ «МЕМОРИАЛ»",
            "МЕЖДУНАРОДНОЙ ОБЩЕСТВЕННОЙ ОРГАНИЗАЦИИ «МЕМОРИАЛ»",
        ),
        (
            "Частное учреждение «Медуза»",
            "ЧАСТНЫМ УЧРЕЖДЕНИЕМ «МЕДУЗА»",
            "ЧАСТНОГО УЧРЕЖДЕНИЯ «МЕДУЗА»",
        ),
        ("Фонд борьбы с коррупцией", "ФОНДОМ БОРЬБЫ С КОРРУПЦИЕЙ", "ФОНДА БОРЬБЫ С КОРРУПЦИЕЙ"),
        ("Радио Свобода", "РАДИО СВОБОДА", "РАДИО СВОБОДА"),
        # Latin names stay as the registry writes them.
        ("Meta Platforms Inc.", "META PLATFORMS INC.", "META PLATFORMS INC."),
        ("The Insider", "THE INSIDER", "THE INSIDER"),
        # A bare name goes in quotes, undeclined: no dictionary guesses at a proper name.
        ("Мемориал", "«МЕМОРИАЛ»", "«МЕМОРИАЛ»"),
        ("Открытая Россия", "«ОТКРЫТАЯ РОССИЯ»", "«ОТКРЫТАЯ РОССИЯ»"),
        ("Свидетели Иеговы", "«СВИДЕТЕЛИ ИЕГОВЫ»", "«СВИДЕТЕЛИ ИЕГОВЫ»"),
    ],
)
def test_plaque_keeps_organisation_names(name, ablt, gent):
    assert plaque(name, "organisation") == _plaque(ablt, gent)


def test_matching_follows_the_gender():
    """The gender found decides which forms are searched for: a woman's name is found in
    the forms a woman's name takes."""
    matcher = compile_entries(
        [
            RegistryEntry("a", "foreign_agent", "person", "Альбац Евгения"),
            RegistryEntry("k", "foreign_agent", "person", "Кулаков Никита"),
            RegistryEntry("m", "foreign_agent", "person", "Кара-Мурза Владимир Владимирович"),
            RegistryEntry("z", "foreign_agent", "person", "Загорская Вероника Павловна"),
        ]
    )
    for text, entry_id in [
        ("Интервью с Евгенией Альбац вышло вчера.", "a"),
        ("Слово дали Евгении Альбац.", "a"),
        ("Мы поговорили с Никитой Кулаковым.", "k"),
        ("Приговор Владимиру Кара-Мурзе отменили.", "m"),
        ("Дело Владимира Кара-Мурзы рассмотрят.", "m"),
        ("Письмо Вероники Загорской опубликовали.", "z"),
    ]:
        found = [(m.entry_id, m.certainty) for m in matcher.scan(text)]
        assert found == [(entry_id, "sure")], text


def test_short_patronymics_are_recognised_in_either_order():
    from polosa.legal.engine.forms import parse_person_name

    for name in ("Орлов Пётр Ильич", "Пётр Ильич Орлов"):
        parsed = parse_person_name(name)
        assert (parsed.surname, parsed.first, parsed.patronymic) == ("Орлов", "Пётр", "Ильич")
    # A surname in -ич after a full patronymic stays the surname.
    parsed = parse_person_name("Иван Петрович Бабич")
    assert (parsed.surname, parsed.patronymic) == ("Бабич", "Петрович")


def test_patronymics_stressed_on_the_ending_take_om_in_the_instrumental():
    from polosa.legal.engine.plaque import plaque

    text = plaque("Орлов Пётр Ильич")
    assert "АГЕНТОМ ОРЛОВЫМ ПЕТРОМ ИЛЬИЧОМ" in text
    assert "АГЕНТА ОРЛОВА ПЕТРА ИЛЬИЧА" in text
    assert "НИКИТИЧЕМ" in plaque("Добрынин Илья Никитич")


def test_a_mention_with_a_short_patronymic_is_found_in_any_case():
    from polosa.legal.engine import RegistryEntry, compile_entries

    matcher = compile_entries(
        [RegistryEntry("fa-1", "foreign_agent", "person", "Орлов Пётр Ильич")]
    )
    for text in ("с Петром Ильичом Орловым", "у Орлова Петра Ильича"):
        assert [m.entry_id for m in matcher.scan(text)] == ["fa-1"], text

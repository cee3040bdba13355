"""The test registry: fictional people and a few well-known organisations."""

from __future__ import annotations

from datetime import date

from polosa.legal.engine import RegistryEntry

#: The day the corpus is scanned on.
CORPUS_DAY = date(2025, 6, 1)

META_FOOTNOTE = (
    "Деятельность компании Meta Platforms Inc. (Facebook и Instagram) на территории РФ запрещена"
)

ENTRIES = [
    RegistryEntry(
        "p_ivanov",
        "foreign_agent",
        "person",
        "Иванов Иван Петрович (псевдоним «Ваня Север»)",
        included_on=date(2023, 3, 3),
    ),
    RegistryEntry("p_petrova", "foreign_agent", "person", "Петрова Анна Сергеевна"),
    RegistryEntry("p_skryabin", "foreign_agent", "person", "Скрябин-Лосев Олег Игоревич"),
    RegistryEntry("p_gritsenko", "foreign_agent", "person", "Гриценко Тарас Богданович"),
    RegistryEntry("p_schmidt", "foreign_agent", "person", "Шмидт Анна Карловна"),
    RegistryEntry("p_dubrovskaya", "foreign_agent", "person", "Дубровская Марина Олеговна"),
    RegistryEntry("p_zhuravlev", "foreign_agent", "person", "Журавлёв Кирилл Андреевич"),
    RegistryEntry("p_moroz", "foreign_agent", "person", "Мороз Глеб Викторович"),
    RegistryEntry("p_sedykh", "foreign_agent", "person", "Седых Ольга Ивановна"),
    RegistryEntry("p_orlov", "foreign_agent", "person", "Орлов Денис Андреевич"),
    RegistryEntry(
        "p_former",
        "foreign_agent",
        "person",
        "Листопадов Аркадий Семёнович",
        included_on=date(2022, 1, 1),
        excluded_on=date(2024, 1, 1),
    ),
    RegistryEntry(
        "p_future",
        "foreign_agent",
        "person",
        "Черемшанов Всеволод Ильич",
        included_on=date(2026, 1, 1),
    ),
    RegistryEntry(
        "o_meta",
        "extremist",
        "organisation",
        "Meta Platforms Inc.",
        aliases=("Meta", "Мета", "Facebook", "Фейсбук"),
        footnote=META_FOOTNOTE,
    ),
    RegistryEntry("o_instagram", "extremist", "organisation", "Instagram", aliases=("Инстаграм",)),
    RegistryEntry(
        "o_dozhd", "foreign_agent", "organisation", "Телеканал «Дождь»", aliases=("Дождь",)
    ),
    RegistryEntry(
        "o_fbk", "extremist", "organisation", "Фонд борьбы с коррупцией", aliases=("ФБК",)
    ),
    RegistryEntry("o_jw", "extremist", "organisation", "Свидетели Иеговы"),
    RegistryEntry("o_roga", "foreign_agent", "organisation", "ООО «Рога и копыта»"),
    RegistryEntry(
        "o_svoboda", "undesirable", "organisation", "Фонд «Свобода»", aliases=("Свобода",)
    ),
    RegistryEntry(
        "o_future",
        "undesirable",
        "organisation",
        "Фонд «Северный ветер»",
        included_on=date(2026, 1, 1),
    ),
]

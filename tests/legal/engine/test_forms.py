"""Surface forms, name parsing and the common-word checks."""

from __future__ import annotations

import pytest

from polosa.legal.engine import forms


def test_parses_registry_name_with_pseudonym():
    name = forms.parse_person_name("Иванов Иван Петрович (псевдоним «Ваня Север»)")
    assert (name.surname, name.first, name.patronymic) == ("Иванов", "Иван", "Петрович")
    assert name.pseudonyms == ("Ваня Север",)
    assert name.gender == forms.MALE


def test_name_orders_and_gender():
    assert forms.parse_person_name("Анна Петрова").surname == "Петрова"
    assert forms.parse_person_name("Анна Петрова").gender == forms.FEMALE
    assert forms.parse_person_name("Иван Петрович Иванов").surname == "Иванов"
    assert forms.parse_person_name("Шмидт Анна Карловна").gender == forms.FEMALE


def test_surname_forms_cover_cases_and_plural():
    got = set(forms.surname_forms("Иванов", forms.MALE))
    assert {"иванов", "иванова", "иванову", "ивановым", "иванове", "ивановы", "ивановых"} <= got
    assert {"петровой", "петрову"} <= set(forms.surname_forms("Петрова", forms.FEMALE))
    assert "скрябиным-лосевым" in forms.surname_forms("Скрябин-Лосев", forms.MALE)


def test_indeclinable_surnames_stay():
    assert forms.surname_forms("Гриценко", forms.MALE) == ("гриценко",)
    assert forms.surname_forms("Шмидт", forms.FEMALE) == ("шмидт",)
    assert forms.surname_forms("Седых", forms.FEMALE) == ("седых",)


def test_common_surnames():
    for surname in ("Мороз", "Белый", "Соловей", "Орлов", "Волк", "Седых"):
        assert forms.is_common_surname(surname), surname
    for surname in ("Иванов", "Гриценко", "Скрябин-Лосев", "Журавлёв"):
        assert not forms.is_common_surname(surname), surname


def test_ordinary_phrases():
    assert forms.is_ordinary_phrase("Дождь")
    assert forms.is_ordinary_phrase("Рога и копыта")
    assert not forms.is_ordinary_phrase("Инстаграм")
    assert not forms.is_ordinary_phrase("ФБК")
    assert not forms.is_ordinary_phrase("Meta")
    assert not forms.is_ordinary_phrase("Фонд борьбы с коррупцией")


def test_organisation_phrases_decline_head_only():
    assert "фондом борьбы с коррупцией" in forms.phrase_forms("Фонд борьбы с коррупцией")
    assert "свидетелями иеговы" in forms.phrase_forms("Свидетели Иеговы")
    assert "инстаграме" in forms.phrase_forms("Инстаграм")
    assert forms.inflect_phrase("ООО «Рога»", "ablt") == "ООО «Рога»"
    assert forms.inflect_phrase("Фонд «Свобода»", "gent") == "Фонда «Свобода»"


def test_pseudonym_declines_as_animate():
    assert "ваню севера" in forms.phrase_forms("Ваня Север", person=True)


@pytest.mark.parametrize(
    ("surname", "forms_wanted"),
    [
        ("Воробей", {"воробья", "воробью", "воробьем", "воробье"}),
        ("Журавель", {"журавля", "журавлю", "журавлем", "журавле", "журавеля"}),
        ("Соловей", {"соловья", "соловьем"}),
        ("Кравец", {"кравца", "кравцу", "кравцом"}),
        ("Орёл", {"орла", "орлу", "орлом", "орле"}),
    ],
)
def test_a_mans_surname_drops_its_vowel_like_the_noun(surname, forms_wanted):
    assert forms_wanted <= set(forms.surname_forms(surname, forms.MALE))


@pytest.mark.parametrize(
    ("surname", "forms_wanted"),
    [
        ("Воробей", {"воробьи", "воробьев", "воробьям", "воробьями", "воробьях"}),
        ("Соловей", {"соловьи", "соловьев", "соловьям", "соловьями", "соловьях"}),
        ("Журавель", {"журавли", "журавлей", "журавлям", "журавели", "журавелями"}),
        ("Кравец", {"кравцы", "кравцов", "кравцам", "кравцами", "кравцах"}),
        ("Орёл", {"орлы", "орлов", "орлам", "орлами", "орлах"}),
        ("Мороз", {"морозы", "морозов", "морозам", "морозами", "морозах"}),
        ("Шмидт", {"шмидты", "шмидтов", "шмидтам", "шмидтами", "шмидтах"}),
    ],
)
def test_a_noun_like_surname_has_a_family_plural_in_every_case(surname, forms_wanted):
    assert forms_wanted <= set(forms.family_plural_forms(surname))


@pytest.mark.parametrize("surname", ["Иванов", "Жуковский", "Седых", "Шевченко", "Кара-Мурза"])
def test_adjectival_and_indeclinable_surnames_have_no_noun_plural(surname):
    assert forms.family_plural_forms(surname) == ()


def test_a_womans_surname_in_a_consonant_does_not_decline():
    assert forms.surname_forms("Журавель", forms.FEMALE) == ("журавель",)


@pytest.mark.parametrize(
    ("surname", "expected"),
    [
        ("Иванов", forms.RARE_SURNAME),
        ("Перепёлкин", forms.RARE_SURNAME),
        ("Лесников", forms.STEM_SURNAME),
        ("Седых", forms.STEM_SURNAME),
        ("Мороз", forms.COMMON_SURNAME),
        ("Гром", forms.COMMON_SURNAME),
        ("Орлов", forms.COMMON_SURNAME),
        ("Дубровская", forms.COMMON_SURNAME),
    ],
)
def test_surname_class_tells_a_word_from_a_word_stem(surname, expected):
    assert forms.surname_class(surname) == expected


def test_latin_spellings_of_a_double_surname_spell_each_part():
    assert "skryabin-losev" in forms.latin_surname_forms("Скрябин-Лосев")

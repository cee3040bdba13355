"""The statutory plaque of materials made by a foreign agent."""

from __future__ import annotations

from . import forms

PLAQUE = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН "
    "ИНОСТРАННЫМ АГЕНТОМ {ablt} ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА {gent}. 18+"
)


def decline_name(name: str, case: str, entity_type: str = "person") -> str:
    """A registry name in ``case`` (pymorphy3 code: ``ablt``, ``gent``…), original order.

    Persons go through petrovich, with the gender taken from the patronymic or first name;
    organisations decline their type word and its adjectives, never a quoted name
    (``ООО «Рога»``, ``фондом «Свобода»``) or a Latin one.
    """
    if entity_type != "person":
        return forms.inflect_phrase(name, case)
    person = forms.parse_person_name(name)
    if not person.surname:
        return forms.inflect_phrase(name, case, agree_all=True)
    parts = {
        "surname": forms.petrovich_case(person.surname, "lastname", person.gender, case),
        "first": forms.petrovich_case(person.first, "firstname", person.gender, case),
        "patronymic": forms.petrovich_case(person.patronymic, "middlename", person.gender, case),
    }
    cleaned, _ = forms.split_pseudonyms(name)
    words = cleaned.split()
    source = {"surname": person.surname, "first": person.first, "patronymic": person.patronymic}
    # Keep the order in which the name was given (``Иван Иванов`` or ``Иванов Иван``).
    out = []
    for word in words:
        for role, value in source.items():
            if value and word == value:
                out.append(parts[role])
                source[role] = ""
                break
        else:
            out.append(word)
    return " ".join(out)


def plaque(name: str, entity_type: str = "person") -> str:
    """The plaque text in capitals, the agent's name declined after each phrase."""
    return PLAQUE.format(
        ablt=decline_name(name, "ablt", entity_type).upper(),
        gent=decline_name(name, "gent", entity_type).upper(),
    )

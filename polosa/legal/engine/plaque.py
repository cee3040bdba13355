"""The statutory plaque of materials made by a foreign agent."""

from __future__ import annotations

import re

from . import forms
from .patterns import lazy

_CYRILLIC = lazy(r"[а-яё]", re.I)

PLAQUE = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН "
    "ИНОСТРАННЫМ АГЕНТОМ {ablt} ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА {gent}. 18+"
)


def decline_name(name: str, case: str, entity_type: str = "person") -> str:
    """A registry name in ``case`` (pymorphy3 code: ``ablt``, ``gent``…), original order.

    Persons decline by petrovich's rules, with the gender found from the whole name (see
    :mod:`.names`). An organisation's own name never changes: a type word in front of it
    declines with its adjectives (``фондом «Свобода»``, ``Фондом борьбы с коррупцией``),
    a quoted or Latin name stays as it is (``ООО «Рога»``, ``Meta Platforms Inc.``), and a
    bare name is put in quotes, where Russian leaves it in the nominative after the word
    «агент» (``агентом «Мемориал»``) instead of being guessed at by a dictionary.
    """
    if entity_type != "person":
        return decline_organisation(name, case)
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


def decline_organisation(name: str, case: str) -> str:
    """An organisation's registry name in ``case``; see :func:`decline_name`."""
    if forms.quoted_parts(name) or not _CYRILLIC.search(name) or forms.starts_with_type_word(name):
        return forms.inflect_phrase(name, case)
    return f"«{name}»"


def plaque(name: str, entity_type: str = "person") -> str:
    """The plaque text in capitals, the agent's name declined after each phrase."""
    return PLAQUE.format(
        ablt=decline_name(name, "ablt", entity_type).upper(),
        gent=decline_name(name, "gent", entity_type).upper(),
    )

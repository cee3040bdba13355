"""Issue 14's hard cases, one test per labelled case (see ``corpus_round_two``)."""

from __future__ import annotations

import pytest

from polosa.legal.engine import RegistryEntry, compile_entries
from polosa.legal.engine.footnotes import formerly_templates
from polosa.legal.engine.outlet import OutletSettings, labelled_entries

from .corpus_round_two import DAY, ENTRIES, MARKING, MENTIONS, TRAPS
from .test_corpus import _compare


@pytest.fixture(scope="module")
def matcher():
    return compile_entries(ENTRIES)


def _check(matcher, sample):
    mentions = matcher.scan(sample.text, on=DAY)
    found, missed, false_sure, extra_review = _compare(sample, mentions)
    got = [(m.entry_id, m.certainty, m.text) for m in mentions]
    assert not missed, f"missed {missed}; got {got}"
    assert not false_sure, f"false sure {got}"
    assert not extra_review, f"unexpected review {got}"


@pytest.mark.parametrize("name", MENTIONS)
def test_mention_is_found(matcher, name):
    _check(matcher, MENTIONS[name])


@pytest.mark.parametrize("name", TRAPS)
def test_trap_is_not_a_sure_mention(matcher, name):
    _check(matcher, TRAPS[name])


@pytest.mark.parametrize("name", MARKING)
def test_stars_land(matcher, name):
    html, expected = MARKING[name]
    assert matcher.mark(html, on=DAY).html == expected


def test_an_entity_in_two_registries_has_one_footnote_listing_both_statuses(matcher):
    marked = matcher.mark("Фонд «Правый берег» закрыли. Фонд «Правый берег» снова.", on=DAY)
    (footnote,) = marked.footnotes
    assert footnote.stars == "*"
    assert footnote.entry_ids == ("o_bereg_fa", "o_bereg_ex")
    assert footnote.kinds == ("foreign_agent", "extremist")
    assert footnote.text == (
        "Фонд «Правый берег» — организация, признанная иностранным агентом в РФ; "
        "деятельность организации запрещена на территории РФ"
    )


def test_an_entity_excluded_from_one_registry_keeps_the_other_status():
    entries = [
        RegistryEntry(
            "fa",
            "foreign_agent",
            "person",
            "Листвянкин Пётр Ильич",
            excluded_on=DAY.replace(year=2024),
        ),
        RegistryEntry("ex", "extremist", "person", "Листвянкин Пётр Ильич"),
    ]
    settings = OutletSettings(excluded="formerly", formerly_date=True)
    matcher = compile_entries(labelled_entries(entries, settings, DAY))
    marked = matcher.mark("Пётр Листвянкин уехал.", templates=settings.templates(), on=DAY)
    (footnote,) = marked.footnotes
    assert footnote.text == (
        "Листвянкин Пётр Ильич ранее признан иностранным агентом в РФ "
        "(исключен из реестра 01.06.2024); внесен в перечень экстремистов"
    )


@pytest.mark.parametrize(
    ("with_date", "entity_type", "expected"),
    [
        (False, "person", "Анна Листвянкина ранее признана иностранным агентом в РФ"),
        (
            True,
            "person",
            "Анна Листвянкина ранее признана иностранным агентом в РФ "
            "(исключена из реестра 01.02.2024)",
        ),
        (
            True,
            "organisation",
            "Фонд «Икс» — организация, ранее признанная иностранным агентом в РФ "
            "(исключена из реестра 01.02.2024)",
        ),
    ],
)
def test_formerly_footnote_names_the_exclusion_day_when_the_outlet_asks(
    with_date, entity_type, expected
):
    from polosa.legal.engine.footnotes import footnote_text

    name = "Анна Листвянкина" if entity_type == "person" else "Фонд «Икс»"
    entry = RegistryEntry(
        "x",
        "foreign_agent_formerly",
        entity_type,
        name,
        formerly_excluded_on=DAY.replace(year=2024, month=2, day=1),
    )
    templates = formerly_templates(with_date=with_date)
    assert footnote_text(entry, name, entity_type == "person", templates) == expected

"""The demo directory: DEMO_CAST exactly, every person found in every case."""

import io
import random

import pytest

from polosa.legal.engine import compile_entries
from polosa.news.demo_text import DEMO_CAST, SENTENCES, _fill
from polosa.people import demo, mentioned_in
from polosa.people.mentions import people_in, registry_entry
from polosa.people.models import Person


@pytest.fixture(scope="module")
def demo_specs():
    return demo.demo_people()


def test_demo_people_are_exactly_the_cast(demo_specs):
    assert [spec["name"] for spec in demo_specs] == [member.name for member in DEMO_CAST]
    assert len(demo_specs) == 60
    categories = {spec["category"] for spec in demo_specs}
    assert categories == {"musician", "actor", "blogger", "director", "athlete", "writer"}
    assert all(spec["bio"] for spec in demo_specs)


def test_every_cast_member_is_found_in_every_case_in_demo_sentences(demo_specs):
    """By name alone: the engine declines every demo name without aliases or hints."""
    matcher = compile_entries(
        registry_entry(number, s["name"], "", []) for number, s in enumerate(demo_specs)
    )
    rng = random.Random(1)
    misses = []
    for number, member in enumerate(DEMO_CAST):
        for template in SENTENCES:
            if "{person_" not in template:
                continue
            sentence = _fill(template, rng, member)
            if people_in(matcher, f"<p>{sentence}</p>") != {number}:
                misses.append(sentence)
        for case in (None, "gent", "datv", "accs", "ablt", "loct"):
            text = f"Вчера о событии рассказали: {member.declined(case)}."
            if people_in(matcher, text) != {number}:
                misses.append(text)
    assert misses == []


def test_populate_links_the_demo_articles(article_about):
    first, second = DEMO_CAST[0], DEMO_CAST[17]
    article = article_about(
        f"Коллеги {first.declined('gent')} встретили новость.",
        f"Журналисты спросили {second.declined('accs')} о планах.",
    )
    demo.populate(stdout=io.StringIO(), photos=False)
    assert Person.objects.count() == 60
    assert {p.name for p in mentioned_in(article)} == {first.name, second.name}
    demo.populate(stdout=io.StringIO(), photos=False)  # a rerun adds nobody
    assert Person.objects.count() == 60

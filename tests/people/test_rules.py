"""Pure pieces of the directory: ordering, link plans, text extraction, engine entries."""

from hypothesis import given
from hypothesis import strategies as st

from polosa.people.mentions import plan_links, registry_entry, text_parts
from polosa.people.models import sort_key_for


def test_sort_key_folds_case_and_yo():
    names = ["Ёлкин Пётр", "Егоров Иван", "Жуков Лев", "алексеев Ян"]
    expected = ["алексеев Ян", "Егоров Иван", "Ёлкин Пётр", "Жуков Лев"]
    assert sorted(names, key=sort_key_for) == expected
    assert sort_key_for("Вера  Снегирёва") == "вера снегирева"


def test_plan_keeps_editor_decisions():
    existing = {1: "auto", 2: "manual", 3: "removed", 4: "auto"}
    plan = plan_links(found={1, 3, 5}, existing=existing)
    assert plan.create == {5}
    assert plan.delete == {4}


sources = st.sampled_from(["auto", "manual", "removed"])


@given(
    found=st.sets(st.integers(1, 20)),
    existing=st.dictionaries(st.integers(1, 20), sources),
)
def test_plan_applied_gives_found_people_linked_and_editors_untouched(found, existing):
    plan = plan_links(found, existing)
    after = {pid: src for pid, src in existing.items() if pid not in plan.delete}
    after.update({pid: "auto" for pid in plan.create})
    for pid, source in existing.items():
        if source != "auto":
            assert after[pid] == source
    assert {pid for pid, src in after.items() if src == "auto"} == {
        pid for pid in found if existing.get(pid, "auto") == "auto"
    }


def test_text_parts_walks_stream_data():
    raw = [
        {"type": "paragraph", "value": "<p>Один</p>", "id": "x"},
        {"type": "quote", "value": {"text": "Два", "attribution": "Три"}},
        {"type": "list", "value": {"ordered": False, "items": ["Четыре"]}},
        {"type": "image", "value": {"image": 5, "caption": "Пять"}},
    ]
    assert list(text_parts(raw)) == ["<p>Один</p>", "Два", "Три", "Четыре", "Пять"]


def test_registry_entry_prefers_the_registry_order():
    entry = registry_entry(7, "Лиана Озерова", "Озерова Лиана", ["", " Ли "])
    assert (entry.id, entry.kind, entry.entity_type) == ("7", "person", "person")
    assert entry.name == "Озерова Лиана" and entry.aliases == ("Ли",)
    assert registry_entry(8, "Земфира", "", []).name == "Земфира"

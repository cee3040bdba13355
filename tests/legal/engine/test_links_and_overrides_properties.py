"""Properties of the pure cores behind blocked links and per-article overrides."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from polosa.legal.engine import Matcher, RegistryEntry
from polosa.legal.engine.links import REMOVED, UNLINKED, find, rewrite
from polosa.legal.engine.overrides import FORCE, SUPPRESS, Override, apply

BLOCKED = {"zapretny-portal.example", "t.me/tenevoy_kanal"}
HREFS = st.sampled_from(
    [
        "https://zapretny-portal.example/a",
        "https://news.zapretny-portal.example/",
        "https://t.me/tenevoy_kanal",
        "https://polosa.example/",
        "/svoya/stranica/",
    ]
)
WORDS = st.text(alphabet="абвгде жзик", min_size=1, max_size=12)


@st.composite
def documents(draw):
    parts = draw(st.lists(st.tuples(WORDS, st.one_of(st.none(), HREFS)), min_size=1, max_size=8))
    return (
        "<p>"
        + "".join(text if href is None else f'<a href="{href}">{text}</a>' for text, href in parts)
        + "</p>"
    )


@given(documents(), st.sampled_from([None, REMOVED, UNLINKED]))
def test_no_blocked_address_survives_a_rewrite_and_other_links_stay(html, decision):
    links = find(html, BLOCKED)
    decisions = {link.decision_key: decision for link in links} if decision else {}
    out = rewrite(html, links, decisions)
    assert find(out, BLOCKED) == []
    assert out.count("https://polosa.example/") == html.count("https://polosa.example/")
    kept_text = "".join(html[link.inner_start : link.inner_end] for link in links)
    if decision != REMOVED:
        assert all(html[link.inner_start : link.inner_end] in out for link in links)
    else:
        assert len(out) <= len(html) - len(kept_text)


ENTRIES = [
    RegistryEntry("fa-1", "foreign_agent", "person", "Перепёлкин Аркадий Семёнович"),
    RegistryEntry("fa-2", "foreign_agent", "organisation", "Фонд «Тихая гавань»"),
]
MATCHER = Matcher(ENTRIES)
PHRASES = st.sampled_from(["гавань", "аркадий перепелкин", "перепелкин", "клуб"])
TEXTS = st.lists(
    st.sampled_from(["Гавань", "Аркадий Перепёлкин", "Перепёлкин", "клуб", "и", "в"]),
    min_size=1,
    max_size=10,
).map(" ".join)


@given(
    TEXTS,
    st.lists(
        st.builds(
            Override, st.sampled_from([FORCE, SUPPRESS]), st.sampled_from(["fa-1", "fa-2"]), PHRASES
        ),
        max_size=4,
    ),
)
def test_overridden_mentions_are_ordered_and_never_overlap(text, overrides):
    mentions = apply(
        text, MATCHER.scan(text), overrides, {"fa-1": "foreign_agent", "fa-2": "foreign_agent"}
    )
    spans = [(m.start, m.end) for m in mentions]
    assert spans == sorted(spans)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end <= start
    for m in mentions:
        assert text[m.start : m.end] == m.text

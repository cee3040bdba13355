"""The page cache's key: known query parameters only, in one order, a page number as the
lists read it; and the rule that stores a page only under what it read."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from polosa.core.pagecache import (
    KEY_PARAMETERS,
    ReadRecorder,
    key_query,
    page_number,
    query_pairs,
)

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
known_names = st.sampled_from(sorted(KEY_PARAMETERS))
junk_names = text.filter(lambda name: name not in KEY_PARAMETERS)
pairs = st.lists(st.tuples(st.one_of(known_names, junk_names), text), max_size=8)


def encode(query_pairs_: list[tuple[str, str]]) -> str:
    """A query as a browser sends it, as the WSGI string (all ASCII once %-encoded)."""
    from urllib.parse import urlencode

    return urlencode(query_pairs_)


def as_views_read_it(query: str) -> dict[str, list[str]]:
    """What a view can read of the known parameters: each one's values, a single
    ``page`` as its number (``02`` is page 2, an empty one or ``1`` is no page)."""
    read = {
        name: values
        for name, values in QueryDict(query.encode("latin-1")).lists()
        if name in KEY_PARAMETERS
    }
    if len(read.get("page", [])) == 1 and page_number(read["page"][0]) is not None:
        number = page_number(read.pop("page")[0])
        if number > 1:
            read["page"] = [str(number)]
    return read


@settings(max_examples=200, deadline=None)
@given(pairs=pairs)
def test_the_key_keeps_everything_a_view_reads_and_nothing_else(pairs):
    query = encode(pairs)
    key = key_query(query)
    assert as_views_read_it(key) == as_views_read_it(query)
    assert all(name in KEY_PARAMETERS for name, _ in query_pairs(key))


@settings(max_examples=200, deadline=None)
@given(pairs=pairs, data=st.data())
def test_the_key_does_not_depend_on_the_order_of_different_names(pairs, data):
    """Any reordering that keeps the order of each name's own values: one entry."""
    by_name: dict[str, list[str]] = {}
    for name, value in pairs:
        by_name.setdefault(name, []).append(value)
    names = data.draw(st.permutations(list(by_name)))
    reordered = [(name, value) for name in names for value in by_name[name]]
    assert key_query(encode(reordered)) == key_query(encode(pairs))


@settings(max_examples=200, deadline=None)
@given(pairs=pairs)
def test_the_key_of_a_key_is_itself(pairs):
    key = key_query(encode(pairs))
    assert key_query(key) == key


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=60).map(lambda raw: raw.decode("latin-1")))
def test_parameters_are_decoded_as_djangos_request_decodes_them(raw):
    """Any bytes a client may send, broken percent escapes and invalid UTF-8 included."""
    grouped: dict[str, list[str]] = {}
    for name, value in query_pairs(raw):
        grouped.setdefault(name, []).append(value)
    assert grouped == dict(QueryDict(raw.encode("latin-1")).lists())


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("", ""),
        ("utm_source=telegram&fbclid=abc", ""),
        ("x=1", ""),
        ("a=1&page=2", "page=2"),
        ("page=2&a=1", "page=2"),
        ("page=02", "page=2"),
        ("page=1", ""),
        ("page=", ""),
        ("page=abc", "page=abc"),
        ("page=" + "9" * 4301, "page=" + "9" * 4301),
        ("sort=date&page=3&utm_medium=x", "page=3&sort=date"),
        ("page=3&sort=date", "page=3&sort=date"),
        ("page=2&page=1", "page=2&page=1"),  # a view reads the last one: both stay
        ("category=%D0%B0%D0%BA%D1%82%D1%91%D1%80", "category=%D0%B0%D0%BA%D1%82%D1%91%D1%80"),
        (
            "q=%D0%BC%D0%BE%D1%81%D1%82+%D1%87%D0%B5%D1%80%D0%B5%D0%B7",
            "q=%D0%BC%D0%BE%D1%81%D1%82+%D1%87%D0%B5%D1%80%D0%B5%D0%B7",
        ),
        ("pa%67e=2", "page=2"),
        ("p=2", "p=2"),
    ],
)
def test_key_queries(query, key):
    assert key_query(query) == key


@pytest.mark.parametrize(
    ("raw", "number"),
    [("", 1), ("1", 1), ("2", 2), ("02", 2), ("999999", 999999), ("1000000", None),
     ("0", None), ("-1", None), ("1.5", None), ("abc", None), ("٣", 3),
     ("9" * 4301, None), ("²", None)],
)  # fmt: skip
def test_page_numbers_as_every_list_reads_them(raw, number):
    assert page_number(raw) == number


def read_nothing(get):
    return None


@pytest.mark.parametrize(
    ("query", "read", "stored"),
    [
        pytest.param("", read_nothing, True, id="no-query"),
        pytest.param("utm_source=x", read_nothing, True, id="junk-unread"),
        pytest.param("page=2", lambda get: get.get("page"), True, id="page-read"),
        pytest.param("page=2", read_nothing, False, id="page-unread-like-an-article"),
        pytest.param("page=1", read_nothing, True, id="page-1-is-no-page"),
        pytest.param("", lambda get: get.get("page"), True, id="absent-page-read"),
        pytest.param("voted=7", lambda get: get["voted"], True, id="template-lookup"),
        pytest.param("category=actor", lambda get: "category" in get, True, id="contains"),
        pytest.param("q=x&q=y", lambda get: get.getlist("q"), True, id="getlist"),
        pytest.param("", lambda get: get.get("filter"), False, id="unknown-read-absent"),
        pytest.param("filter=x", lambda get: get.get("filter"), False, id="unknown-read"),
        pytest.param("x=1", lambda get: list(get.items()), False, id="everything-with-junk"),
        pytest.param("page=2", lambda get: get.urlencode(), True, id="everything-known-only"),
        pytest.param("x=1", lambda get: bool(get), False, id="emptiness-with-junk"),
        pytest.param("x=1", lambda get: get.copy(), False, id="copy-with-junk"),
    ],
)
def test_a_page_is_stored_only_under_a_key_naming_what_it_read(query, read, stored):
    reads = ReadRecorder(query.encode("latin-1"))
    read(reads)
    assert reads.stored_under(query) is stored


def test_the_recorder_reads_like_djangos_request_get():
    query = "page=2&q=%D0%BC%D0%BE%D1%81%D1%82&q=2&x="
    reads, plain = ReadRecorder(query.encode()), QueryDict(query.encode())
    assert dict(reads.lists()) == dict(plain.lists())
    assert reads.get("page") == "2" and reads.getlist("q") == ["мост", "2"]
    with pytest.raises(AttributeError):  # immutable, as request.GET is
        reads["page"] = "3"

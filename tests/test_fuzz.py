"""No request an anonymous client can make answers 5xx.

Hypothesis draws requests against every public URL pattern of ``polosa.urls`` (the
resolver is walked, so a new pattern is fuzzed without being listed here; ``/admin/`` is
left out): paths of the real articles, rubrics, tags, authors, people and titles made
below, and random paths each pattern matches; random query parameters (numbers of
thousands of digits, non-ASCII text, junk); headers (``Accept``, ``Content-Type`` with
charsets, ``If-Modified-Since``, ``If-None-Match``, ``X-Forwarded-For``, cookies); and
vote bodies (deep JSON, huge numbers, wrong types). Bounded by ``max_examples``.

Routes, queries and votes go through Django's test client; headers through
``polosa.wsgi`` (as ``polosa serve`` runs it), because a charset that is a codec but not
a text encoding (``rot13``) makes Django raise while *building* the request, before any
middleware runs: only the WSGI front in ``polosa.wsgi`` can answer that request, and the
test client has no such front.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polosa.core.pagecache import KEY_PARAMETERS
from tests.core.wsgi_client import wsgi_request

pytestmark = pytest.mark.django_db

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def public_patterns() -> list[str]:
    """The regular expression of every URL pattern outside ``/admin/``, prefixes joined."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix: str = ""):
        for pattern in patterns:
            regex = pattern.pattern.regex.pattern.removeprefix("^")
            regex = regex.removesuffix(r"\Z").removesuffix("$")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + regex)
            else:
                yield prefix + regex

    return [regex for regex in walk(get_resolver().url_patterns) if not regex.startswith("admin")]


def requestable(path: str) -> bool:
    """A path the test client sends as it is (``?``, ``#`` and ``%`` would change it)."""
    return path.isprintable() and not path.startswith("//") and not set(path) & set("?#%\\")


@pytest.fixture
def site(article_factory, image_factory, rubrics) -> list[str]:
    """A small newsroom in every public state, and the paths of what it shows."""
    from wagtail.models import PageViewRestriction

    from polosa.core.models import WorkerHeartbeat
    from polosa.news.content import ensure_author
    from polosa.people.models import Person
    from polosa.titles.models import Title

    author = ensure_author("Анна Ким")
    film = Title.objects.create(name="Сталкер", slug="stalker", kind="film")
    Person.objects.create(name="Ёлка Зеленина", slug="yolka", category="musician")
    picture = image_factory("Кадр")
    review = article_factory(
        "Рецензия на «Сталкер»",
        rubric=rubrics[2],
        kind="review",
        lead="Ёлка Зеленина посмотрела «Сталкер».",
        main_image=picture,
        authors=[author],
        tags=["кино", "классика"],
    )
    review.reviewed_title = film
    review.save_revision().publish()
    for number in range(3):
        article_factory(f"Новость {number}", rubric=rubrics[0], tags=["новости"])
    article_factory("Черновик", live=False, tags=["тайный-тег"])
    restricted = article_factory("Для подписчиков", rubric=rubrics[3])
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="секрет"
    )
    article_factory("Вчерашняя", published_at=timezone.now() - timedelta(days=1))
    # A live worker, or /readyz answers its 503 "degraded" by design.
    WorkerHeartbeat.objects.create(hostname="fuzz", pid=1, beat_at=timezone.now())
    paths = ["/", review.url, restricted.url, "/tags/кино/", "/tags/тайный-тег/"]
    paths += [rubric.url for rubric in rubrics]
    paths += ["/authors/anna-kim/", "/people/", "/people/yolka/", "/people/yolka/feed/"]
    paths += ["/ratings/", "/titles/stalker/", "/titles/stalker/vote/"]
    paths += [f"/feeds/{fmt}/" for fmt in ("rss", "atom", "json")]
    paths += ["/feeds/dzen/", "/feeds/rss/kino/", "/feeds/atom/tags/кино/"]
    paths += ["/feeds/json/authors/anna-kim/", "/feeds/rss/people/yolka/"]
    paths += ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-news.xml", "/robots.txt"]
    paths += [f"/_fragments/article-aside/{review.pk}/", "/_fragments/ratings/"]
    paths += ["/search/", "/redaktsiya/", "/healthz", "/readyz"]
    return paths


def paths(real: list[str]) -> st.SearchStrategy[str]:
    """The real paths, and random ones every public pattern matches."""
    patterns = public_patterns()
    random = st.one_of([st.from_regex(f"/{regex}", fullmatch=True) for regex in patterns])
    return st.one_of(st.sampled_from(real), random.filter(requestable))


#: Text without NUL (WSGI strings cannot carry it) and without lone surrogates.
junk = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)
huge_numbers = st.sampled_from(
    ["9" * 4300, "9" * 4301, "1" * 10_000, "٣" * 5000, "-1", "0", "1e999", "1.5", "", "02"]
)
query_strings = st.one_of(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(sorted(KEY_PARAMETERS)), junk),
            st.one_of(huge_numbers, junk, st.integers().map(str)),
        ),
        max_size=5,
    ).map(urlencode),
    # Raw bytes as a client may send them: broken escapes, invalid UTF-8.
    st.binary(max_size=60)
    .filter(lambda raw: b"\x00" not in raw)
    .map(lambda raw: raw.decode("latin-1")),
)
methods = st.sampled_from(["GET", "GET", "GET", "HEAD", "POST", "OPTIONS"])


@pytest.fixture
def reader() -> Client:
    return Client()


@settings(FUZZ, max_examples=120)
@given(data=st.data(), method=methods, query=query_strings, body=st.binary(max_size=40))
def test_no_route_answers_a_server_error(site, reader, data, method, query, body):
    path = data.draw(paths(site), label="path")
    response = reader.generic(
        method,
        path,
        body,
        content_type="application/x-www-form-urlencoded",
        QUERY_STRING=query,
    )
    assert response.status_code < 500, (method, path, query)


header_text = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=120,
)
charsets = st.sampled_from(
    ["utf-8", "UTF-8", '"utf-8"', "utf-16", "windows-1251", "x-bogus", "rot13", "base64",
     "hex", "zlib", "", "utf-8; charset=rot13"]
)  # fmt: skip
mime_types = st.sampled_from(
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
     "multipart/form-data", "application/json", "text/plain", "text/html", ""]
)  # fmt: skip
http_dates = st.sampled_from(
    ["Wed, 21 Oct 2015 07:28:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMT", "0", "-1",
     "Mon, 99 Foo 99999 99:99:99 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "9" * 400]
)  # fmt: skip
headers = st.fixed_dictionaries(
    {},
    optional={
        "Accept": st.one_of(
            st.sampled_from(["text/html", "application/json", "*/*", "application/rss+xml"]),
            header_text,
        ),
        "Content-Type": st.one_of(
            st.builds(lambda mime, cs: f"{mime}; charset={cs}", mime_types, charsets),
            mime_types,
            header_text,
        ),
        "If-Modified-Since": st.one_of(http_dates, header_text),
        "If-None-Match": st.one_of(st.just("*"), header_text),
        "X-Forwarded-For": st.one_of(
            st.sampled_from(["1.2.3.4", "1.2.3.4, 5.6.7.8", "::1", "999.999.999.999", ","]),
            header_text,
        ),
        "X-Forwarded-Proto": st.sampled_from(["https", "http", "gopher", ""]),
        "Accept-Language": header_text,
        "Cookie": header_text,
        "Surrogate-Capability": st.sampled_from(['varnish="ESI/1.0"', "ESI/1.0", "x"]),
    },
)


@settings(FUZZ, max_examples=100)
@given(
    data=st.data(),
    method=st.sampled_from(["GET", "HEAD", "POST"]),
    query=query_strings,
    sent=headers,
    body=st.binary(max_size=40),
)
def test_no_headers_make_a_server_error(site, settings, data, method, query, sent, body):
    settings.DEBUG = False  # as in production: errors answered by the handlers
    path = data.draw(st.sampled_from(site), label="path")
    answer = wsgi_request(method, path, query, body=body, headers=sent)
    assert answer.status < 500, (method, path, query, sent)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
vote_bodies = st.one_of(
    json_values.map(lambda value: json.dumps({"value": value})),
    json_values.map(json.dumps),
    st.sampled_from(
        [
            '{"value": 1e999}',
            '{"value": -1e999}',
            '{"value": NaN}',
            '{"value": ' + "9" * 5000 + "}",
            '{"value": "' + "9" * 5000 + '"}',
            "[" * 50 + "]" * 50,
            '{"value": 5',
            "",
            "null",
        ]
    ),  # fmt: skip
    st.text(max_size=60),
).map(str.encode) | st.binary(max_size=60)
vote_types = st.sampled_from(
    ["application/json", "application/json; charset=utf-8", "application/x-www-form-urlencoded",
     "text/plain", "multipart/form-data; boundary=x"]
)  # fmt: skip


@settings(FUZZ, max_examples=100)
@given(
    body=vote_bodies
    | st.dictionaries(st.sampled_from(["value", "x"]), junk).map(
        lambda form: urlencode(form).encode()
    ),
    content_type=vote_types,
    accept=st.sampled_from(["application/json", "text/html"]),
)
def test_no_vote_body_makes_a_server_error(site, reader, body, content_type, accept):
    response = reader.generic(
        "POST", "/titles/stalker/vote/", body, content_type=content_type, HTTP_ACCEPT=accept
    )
    assert response.status_code < 500, (body[:200], content_type)


DEPTH = 100_000


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("[" * DEPTH + "]" * DEPTH, id="nested-arrays"),
        pytest.param('{"value":' * DEPTH + "1" + "}" * DEPTH, id="nested-objects"),
        pytest.param('{"value": ' + "[" * DEPTH + "]" * DEPTH + "}", id="nested-value"),
    ],
)
def test_deeply_nested_json_votes_are_a_400(site, reader, body):
    response = reader.post("/titles/stalker/vote/", body, content_type="application/json")
    assert response.status_code == 400


def test_every_public_pattern_is_fuzzed(db):
    """The walk finds the app's patterns (and Wagtail's page tree) but not the admin."""
    patterns = public_patterns()
    for expected in ("tags/", "feeds/", "titles/", "people/", "sitemap", r"((?:[\w\-]+/)*)"):
        assert any(expected in regex for regex in patterns), expected
    assert not any(re.match("admin", regex) for regex in patterns)

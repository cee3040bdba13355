"""Requests declaring a character set Polosa does not read: a 400 for a body, never a 500;
the query string is always read as UTF-8, as the page cache's key reads it."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.core.wsgi_client import wsgi_request

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"

#: Charsets a body may not declare: known but not UTF-8, unknown, and codecs Python knows
#: that are not text encodings at all (``bytes.decode("rot13")`` raises ``LookupError``).
NOT_UTF8 = {
    "utf-16": "utf-16",
    "windows-1251": "windows-1251",
    "unknown": "x-bogus",
    "not-a-text-codec": "rot13",
    "bytes-codec": "base64",
}


@pytest.fixture
def production_client(settings) -> Client:
    """As a browser meets the site: CSRF checked, errors answered rather than raised."""
    settings.DEBUG = False
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


@pytest.fixture
def urls(article_factory) -> dict[str, str]:
    from polosa.titles.models import Title

    article = article_factory("Статья для проверки запросов")
    Title.objects.create(name="Сталкер", slug="stalker")
    return {
        "home": "/",
        "article": article.url,
        "vote": "/titles/stalker/vote/",
        "feed": "/feeds/rss/",
        "admin-login": "/admin/login/",
        "unknown": "/net-takoy-stranitsy/",
    }


@pytest.mark.parametrize("url_name", ["home", "article", "vote", "feed", "admin-login", "unknown"])
@pytest.mark.parametrize(
    "content_type",
    [
        *(
            pytest.param(f"{FORM}; charset={cs}", id=f"form-{name}")
            for name, cs in NOT_UTF8.items()
        ),
        pytest.param("multipart/form-data; boundary=x; charset=rot13", id="multipart-rot13"),
        pytest.param("multipart/form-data; boundary=x; charset=utf-16", id="multipart-utf-16"),
        pytest.param("application/json; charset=utf-16", id="json-utf-16"),
    ],
)
def test_a_body_in_a_charset_other_than_utf8_is_a_400_on_any_url(
    production_client, urls, url_name, content_type
):
    response = production_client.generic(
        "POST", urls[url_name], b"value=5&a=1", content_type=content_type
    )
    assert response.status_code == 400
    assert "Неверный запрос" in response.content.decode()


@pytest.mark.parametrize(
    "content_type",
    [f"{FORM}; charset=utf-8", f"{FORM}; charset=UTF-8", f'{FORM}; charset="utf-8"', FORM],
)
def test_a_form_in_utf8_is_read_as_before(client, urls, content_type):
    response = client.generic("POST", urls["vote"], b"value=7", content_type=content_type)
    assert response.status_code == 303


@pytest.mark.parametrize("charset", NOT_UTF8.values())
def test_a_get_declaring_a_charset_is_answered_and_reads_its_query_as_utf8(
    article_factory, charset
):
    """A charset describes a body; a GET has none. Read the query as UTF-8 regardless, or
    ``?page=2`` decoded as UTF-16 would be page 1, stored under page 2's key (and
    ``rot13`` made Django's request raise ``LookupError`` while it was being built)."""
    from polosa.news.listing import ARTICLES_PER_PAGE

    for number in range(ARTICLES_PER_PAGE + 1):
        article_factory(f"Новость {number}")
    odd = wsgi_request(
        "GET", "/", "page=2", headers={"Content-Type": f"text/plain; charset={charset}"}
    )
    assert odd.status == 200
    assert wsgi_request("GET", "/", "page=2").body == odd.body
    assert wsgi_request("GET", "/").body != odd.body


@pytest.mark.parametrize("charset", NOT_UTF8.values())
def test_a_body_in_another_charset_is_a_400_before_django_builds_its_request(urls, charset):
    """Through ``polosa.wsgi``: a query string as well, which Django decodes in the
    declared charset while building the request."""
    answer = wsgi_request(
        "POST",
        urls["vote"],
        "next=/",
        body=b"value=5",
        headers={"Content-Type": f"{FORM}; charset={charset}"},
    )
    assert answer.status == 400
    assert "Неверный запрос" in answer.body.decode()
    assert int(answer.headers["Content-Length"]) == len(answer.body)


TOO_MANY_FIELDS = "&".join(f"f{number}=1" for number in range(1001))  # Django allows 1 000


@pytest.mark.parametrize(
    ("method", "query", "body", "extra"),
    [
        pytest.param("POST", "", TOO_MANY_FIELDS.encode(), {}, id="too-many-fields"),
        pytest.param("GET", TOO_MANY_FIELDS, b"", {}, id="too-many-query-fields"),
        pytest.param("GET", "", b"", {"HTTP_HOST": "evil.example"}, id="disallowed-host"),
        pytest.param(
            "POST", "", b"x", {"CONTENT_TYPE": "multipart/form-data"}, id="multipart-no-boundary"
        ),
    ],
)
def test_other_bad_requests_get_the_400_page_from_the_handler_in_place(
    settings, urls, method, query, body, extra
):
    """Django raises these itself (the vote reads the form: CSRF is not checked here, as
    for a reader with the cookie); ``handler400`` answers without reading the request."""
    settings.DEBUG = False
    extra = {"CONTENT_TYPE": FORM, **extra}
    response = Client(raise_request_exception=False).generic(
        method, urls["vote"], body, QUERY_STRING=query, **extra
    )
    assert response.status_code == 400
    assert "Неверный запрос" in response.content.decode()

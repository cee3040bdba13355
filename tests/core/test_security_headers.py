"""What every reader's page tells the browser: a strict Content-Security-Policy,
Permissions-Policy, no framing; HSTS and the https redirect behind TLS."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(article_factory):
    return article_factory("Набережную откроют для пешеходов в мае")


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("address", ["article", "/", "/people/", "/ratings/", "/feeds/rss/"])
def test_public_responses_carry_a_strict_content_security_policy(client, article, address):
    response = client.get(article.url if address == "article" else address, follow=True)
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_only_the_embed_providers_are_allowed_from_elsewhere(client, article, settings):
    policy = directives(client.get(article.url))
    foreign = {value for values in policy.values() for value in values if value.startswith("http")}
    assert foreign and foreign <= set(settings.POLOSA_EMBED_ORIGINS)


def test_a_page_served_from_the_page_cache_keeps_the_headers(client, article):
    first = client.get(article.url)
    second = client.get(article.url)
    assert second["X-Polosa-Cache"] == "hit"
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert second[header] == first[header]


def test_powerful_browser_features_are_off_and_framing_is_refused(client, article):
    response = client.get(article.url)
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_admin_keeps_wagtails_own_pages_without_the_readers_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


@pytest.fixture
def behind_tls(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.POLOSA_TRUSTED_PROXIES = 1


def test_behind_tls_plain_http_redirects_to_https(behind_tls, article):
    response = Client().get(article.url)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{article.url}"


def test_behind_tls_https_answers_with_hsts(behind_tls, article):
    response = Client().get(article.url, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


@pytest.mark.parametrize("address", ["/healthz", "/readyz"])
def test_health_checks_answer_on_plain_http_for_the_load_balancer(behind_tls, address):
    assert Client().get(address).status_code in {200, 503}


def test_without_a_proxy_a_forged_x_forwarded_proto_is_not_believed(article, settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.POLOSA_TRUSTED_PROXIES = 0
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get(article.url, HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" not in response


def test_behind_tls_a_page_stored_from_https_is_never_served_over_plain_http(behind_tls, article):
    secure = Client()
    secure.get(article.url, HTTP_X_FORWARDED_PROTO="https")
    assert secure.get(article.url, HTTP_X_FORWARDED_PROTO="https")["X-Polosa-Cache"] == "hit"
    response = Client().get(article.url)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_behind_tls_the_wsgi_fast_path_redirects_plain_http_too(behind_tls, article):
    from tests.core.wsgi_client import wsgi_request

    secure = {"X-Forwarded-Proto": "https"}
    assert wsgi_request("GET", article.url, headers=secure).status == 200
    hit = wsgi_request("GET", article.url, headers=secure)
    assert (hit.status, hit.headers["X-Polosa-Cache"]) == (200, "hit")
    plain = wsgi_request("GET", article.url)
    # Not the stored page: Django answers (with the redirect where its security middleware
    # was built with these settings; the module's handler may predate them).
    assert plain.headers.get("X-Polosa-Cache") != "hit"

"""deploy/varnish.vcl while the app fails: the backend probe, grace and stale copies.

Each test has its own origin and Varnish, and stops the origin (loopback, bounded waits).
The shipped probe asks ``/healthz`` every second and calls the backend sick after three
failures of five.
"""

from __future__ import annotations

import time

import pytest

from .conftest import Origin, Route

#: Sick after 3 failed probes a second apart; generous for a loaded machine.
SICK_WITHIN = 15.0


@pytest.fixture
def app():
    server = Origin().start()
    yield server
    server.stop()


@pytest.fixture
def v(app, varnish_factory):
    varnish = varnish_factory("127.0.0.1", app.port)
    deadline = time.monotonic() + SICK_WITHIN
    while not app.requests_for("/healthz") and time.monotonic() < deadline:
        time.sleep(0.05)
    return varnish


def until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def stop(app: Origin, v) -> None:
    """Stop the app and wait until Varnish calls it sick (a new URL answers 503 at once)."""
    app.stop()
    assert until(lambda: v.get("/never-cached", timeout=2).status == 503, SICK_WITHIN)


def test_the_probe_asks_healthz(app, v):
    assert until(lambda: len(app.requests_for("/healthz")) >= 2, 5)
    assert app.fetches["/healthz"] >= 2


def test_a_stale_copy_is_served_while_the_app_is_down(app, v):
    path = app.route(
        "/article/",
        cache_control="public, max-age=0, s-maxage=1, stale-while-revalidate=0, stale-if-error=600",
    )
    assert v.get(path).text == "/article/ v1"
    stop(app, v)
    time.sleep(1.2)  # past its TTL, and it allowed no stale-while-revalidate
    stale = v.get(path)
    assert (stale.status, stale.cache, stale.text) == (200, "HIT", "/article/ v1")
    assert "X-Polosa-Swr" not in stale.headers


def test_without_stale_if_error_nothing_stale_is_served(app, v):
    path = app.route(
        "/strict/", cache_control="public, max-age=0, s-maxage=1, stale-while-revalidate=0"
    )
    v.get(path)
    stop(app, v)
    time.sleep(1.2)
    assert v.get(path).status == 503


def test_while_the_app_is_up_its_stale_while_revalidate_still_holds(app, v):
    # stale-if-error keeps the copy for a day, but a healthy app is asked as it said:
    # synchronously once stale-while-revalidate (0 here) is over.
    path = app.route(
        "/fresh/",
        cache_control="public, max-age=0, s-maxage=1, stale-while-revalidate=0, stale-if-error=600",
    )
    v.get(path)
    time.sleep(1.2)
    fresh = v.get(path)
    assert (fresh.cache, fresh.text) == ("MISS", "/fresh/ v2")


def test_a_failed_refresh_keeps_the_stale_copy(app, v):
    # The app answers but fails (its database is down): the background refresh's 500 is
    # dropped and the stale copy stays.
    path = app.route(
        "/refresh/",
        cache_control="public, max-age=0, s-maxage=1, stale-while-revalidate=30, "
        "stale-if-error=600",
    )
    v.get(path)
    app.routes[path] = Route(body="error", status=500, cache_control=None)
    time.sleep(1.2)
    assert v.get(path).text == "/refresh/ v1"  # stale; the refresh gets the 500
    assert until(lambda: app.fetches[path] == 2, 5)
    time.sleep(0.2)
    again = v.get(path)
    assert (again.status, again.text) == (200, "/refresh/ v1")


def test_a_fragment_that_cannot_be_had_leaves_a_gap_not_an_error_page(app, v):
    fragment = app.route("/_fragments/aside/", body="<aside>also</aside>")
    page = app.route(
        "/page/",
        body='<main>text</main><esi:include src="/_fragments/aside/"/>',
        headers=[("Surrogate-Key", "page"), ("Surrogate-Control", 'content="ESI/1.0"')],
        cache_control="public, max-age=0, s-maxage=60, stale-if-error=600",
    )
    assert v.get(page).text == "<main>text</main><aside>also</aside>"
    v.request("PURGE", fragment)  # the fragment was purged just before the app went down
    stop(app, v)
    during = v.get(page)
    assert (during.status, during.text) == (200, "<main>text</main>")

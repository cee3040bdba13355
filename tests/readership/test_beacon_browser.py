"""The beacon in a real browser, under the site's Content-Security-Policy: a reader's
view is counted, a headless browser's is not."""

from __future__ import annotations

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, NEEDS_CHROMIUM
from tests.readership.fixtures import views_held

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]

READER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def committed(transactional_db):
    """A database the live server reads; its flush also empties Wagtail's root collection."""
    from wagtail.models import Collection

    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


@pytest.fixture
def article(committed, article_factory):
    return article_factory("Оркестр сыграл концерт")  # before Playwright's event loop runs


def views_of(article) -> int:
    """Views the live server's counter holds (it runs in this process: the same counter,
    the tally or Redis's under the test's own prefix)."""
    return views_held().get(article.pk, 0)


def test_a_readers_view_is_posted_by_the_beacon_without_a_policy_violation(
    live_server, article, browser, settings
):
    settings.POLOSA_READS_FLUSH_SECONDS = 3600
    context = browser.new_context(user_agent=READER)
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    with page.expect_response(lambda response: "/_read/" in response.url) as answered:
        response = page.goto(f"{live_server.url}/_test/beacon/{article.pk}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert answered.value.request.method == "POST" and answered.value.status == 204
    assert views_of(article) == 1
    assert page.evaluate("window.__cspViolations") == []
    context.close()


def test_a_headless_browser_is_not_counted(live_server, article, browser):
    page = browser.new_page()  # HeadlessChrome in its user agent
    with page.expect_response(lambda response: "/_read/" in response.url) as answered:
        page.goto(f"{live_server.url}/_test/beacon/{article.pk}/")
    assert answered.value.status == 204
    assert views_of(article) == 0

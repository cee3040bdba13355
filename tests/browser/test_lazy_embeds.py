"""Body blocks in a real browser on a phone's screen. Click-to-load embeds: nothing is
asked of a provider until the reader clicks «Показать»; then the provider's frame or
Telegram's widget script loads under the page's own policy (the providers are answered by
stubs here: no test reaches the internet). A wide table scrolls inside its own region
instead of widening the page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, NEEDS_CHROMIUM
from tests.browser.test_content_security import RECORD_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent, NEEDS_CHROMIUM]

TELEGRAM_POST = "https://t.me/polosa_news/123"
RUTUBE_VIDEO = "https://rutube.ru/video/0123456789abcdef0123456789abcdef/"
# Stands in for telegram-widget.js: records the post its own script element names.
WIDGET_STUB = """
(window.__telegramPosts = window.__telegramPosts || []).push(
  document.currentScript.getAttribute("data-telegram-post")
);
"""


WIDE_TABLE = {
    "caption": "Программа первого дня",
    "columns": [{"type": "text", "heading": f"Сцена номер {n}"} for n in range(1, 7)],
    "rows": [{"values": [f"Группа «Северный ветер» {n}" for n in range(1, 7)]}],
}
CARD = {
    "kind": "qa",
    "title": "",
    "items": [
        {
            "type": "item",
            "id": "q1",
            "value": {"heading": "Нужен ли билет?", "text": "<p>Нет, вход свободный.</p>"},
        }
    ],
}


@pytest.fixture
def article_url(live_db, article_factory):
    article = article_factory(
        "Фестиваль уличной музыки открылся",
        body=[
            {"type": "embed", "value": {"url": TELEGRAM_POST, "caption": "Пост организаторов"}},
            {"type": "embed", "value": {"url": RUTUBE_VIDEO, "caption": "Видео с открытия"}},
            {"type": "table", "value": WIDE_TABLE},
            {"type": "card", "value": CARD},
        ],
    )
    return article.url


@pytest.fixture
def elsewhere(browser_context, live_server):
    """Every request that leaves the live server, answered by a stub and recorded."""
    asked: list[str] = []

    def answer(route):
        url = route.request.url
        if url.startswith(live_server.url):
            route.continue_()
            return
        asked.append(url)
        if url.startswith("https://telegram.org/js/telegram-widget.js"):
            route.fulfill(status=200, content_type="application/javascript", body=WIDGET_STUB)
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body="<p>Плеер</p>")

    browser_context.route("**/*", answer)
    return asked


def test_providers_are_contacted_only_when_the_reader_asks(
    live_server, article_url, browser_context, elsewhere
):
    page = browser_context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(live_server.url + article_url)
    page.wait_for_load_state("load")
    assert elsewhere == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "lazy-embeds-before.png"), full_page=True)
    buttons = page.get_by_role("button", name="Показать")
    assert buttons.count() == 2

    buttons.first.click()
    page.wait_for_function("(window.__telegramPosts || []).length === 1")
    assert page.evaluate("window.__telegramPosts") == ["polosa_news/123"]
    assert [url.split("?")[0] for url in elsewhere] == [
        "https://telegram.org/js/telegram-widget.js"
    ]

    page.get_by_role("button", name="Показать").click()
    page.wait_for_selector("iframe[src^='https://rutube.ru/play/embed/']")
    assert any(url.startswith("https://rutube.ru/play/embed/") for url in elsewhere)
    assert page.evaluate("window.__cspViolations") == []
    assert page.get_by_text("Видео с открытия").is_visible()  # the caption stays
    # The wide table scrolls inside its region; the page itself is no wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate(
        "(() => { const r = document.querySelector('.body-table');"
        " return r.scrollWidth > r.clientWidth; })()"
    )
    page.screenshot(path=str(ARTIFACTS / "lazy-embeds-after.png"), full_page=True)


def test_without_javascript_an_embed_is_its_link(live_server, article_url, browser_context):
    context = browser_context.browser.new_context(java_script_enabled=False)
    asked: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else (asked.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    page.goto(live_server.url + article_url)
    assert page.get_by_role("button", name="Показать").count() == 0  # hidden
    link = page.get_by_role("link", name=TELEGRAM_POST)
    assert link.is_visible() and link.get_attribute("href") == TELEGRAM_POST
    assert page.get_by_text("Пост организаторов").is_visible()
    assert asked == []
    context.close()

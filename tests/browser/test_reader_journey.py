"""A reader in Debian's chromium: home page → headline → article with its time line."""

import os
import shutil
from pathlib import Path

import pytest

from tests.text import plain

CHROMIUM = os.environ.get("POLOSA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)),
        reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)",
    ),
]


@pytest.fixture
def browser_page():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
        yield context.new_page()
        context.close()
        browser.close()


@pytest.fixture
def site_content(transactional_db, article_factory, image_factory, rubrics):
    """Created before the browser starts: Playwright's sync API runs an event loop, in
    which Django refuses database calls."""
    for number in range(7):
        article_factory(f"Фоновая новость {number}")
    article_factory(
        "Фестиваль уличного кино открылся в Самаре",
        rubric=rubrics[2],
        lead="Показы пройдут на набережной.",
        main_image=image_factory("Набережная", credit="Мария Лесная / Полоса"),
    )


def test_reader_follows_a_headline_to_the_article(live_server, site_content, browser_page):
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Фестиваль уличного кино открылся в Самаре").first.click()
    page.wait_for_url("**/kino/**")

    assert plain(page.locator("h1").inner_text()) == "Фестиваль уличного кино открылся в Самаре"
    time_line = page.locator(".article__meta").inner_text()
    assert time_line.startswith("Кино — ")
    assert page.locator(".credit").first.inner_text() == "Фото: Мария Лесная / Полоса"
    read_also = page.locator(".read-also")
    assert read_also.locator("h2").inner_text() == "Читайте также"
    assert read_also.locator("li").count() == 6
    # The stylesheet is served and applied (the masthead rule under the outlet's name).
    border = page.locator(".masthead").evaluate("e => getComputedStyle(e).borderBottomStyle")
    assert border == "solid"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)
    assert (ARTIFACTS / "article-page.png").stat().st_size > 10_000

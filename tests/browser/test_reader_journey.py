"""A reader in Debian's chromium: home page → headline → article with its time line."""

import pytest

from tests.browser.conftest import ARTIFACTS, NEEDS_CHROMIUM
from tests.text import plain

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]


@pytest.fixture
def site_content(live_db, article_factory, image_factory, rubrics):
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
    border = page.locator(".masthead-wrap").evaluate("e => getComputedStyle(e).borderBottomStyle")
    assert border == "solid"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)
    assert (ARTIFACTS / "article-page.png").stat().st_size > 10_000

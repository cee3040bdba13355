"""A reader in Debian's chromium sees an article's correction as a region of its own,
named by its heading, under the text."""

import pytest

from tests.browser.conftest import ARTIFACTS, NEEDS_CHROMIUM
from tests.text import plain

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]


@pytest.fixture
def corrected_article(live_db, article_factory, rubrics):
    from polosa.news import services

    article = article_factory(
        "Выставку в Манеже продлили до весны",
        rubric=rubrics[0],
        lead="Музей объявил новые даты.",
        body=[("paragraph", "<p>Билеты, купленные заранее, действуют.</p>")],
    )
    services.publish_correction(article, "В первой версии была неверно указана дата закрытия.")
    return article.url  # read now: the browser's event loop may not touch the database


def test_the_reader_finds_the_correction_under_the_text(
    live_server, corrected_article, browser_page
):
    page = browser_page
    page.goto(live_server.url + corrected_article)
    region = page.get_by_role("region", name="Исправление")
    assert region.is_visible()
    [note] = region.locator("li").all_inner_texts()
    assert plain(note).startswith("Исправлено ")
    assert plain(note).endswith(": В первой версии была неверно указана дата закрытия.")
    assert region.locator("time").get_attribute("datetime")
    # Set apart from the text (the rule on its left) and as large as the text around it.
    border = region.evaluate("e => getComputedStyle(e).borderLeftStyle")
    assert border == "solid"
    ARTIFACTS.mkdir(exist_ok=True)
    region.screenshot(path=str(ARTIFACTS / "article-correction.png"))

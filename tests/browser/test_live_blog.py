"""A reader keeps a live blog open in Debian's chromium; an editor adds an entry (through
the live service, in the live server's process); it appears on the reader's page without a
reload, newest first, and the key events' summary grows."""

import threading

import pytest

from polosa.live import content, services
from tests.browser.conftest import ARTIFACTS, NEEDS_CHROMIUM
from tests.text import plain

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]


def paragraph(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def live_blog(live_db, rubrics, settings):
    """Created before the browser starts: Playwright's sync API runs an event loop, in
    which Django refuses database calls."""
    from django.utils import timezone

    settings.POLOSA_LIVE_POLL_SECONDS = 0.5
    blog = content.create_live_blog(
        rubrics[0],
        title="Городской марафон: онлайн-трансляция",
        lead="Следим за забегом с утра до финиша.",
        published_at=timezone.now() - timezone.timedelta(hours=1),
    )
    services.add_entry(
        blog, title="Старт", body=paragraph("Бегуны ушли со старта."), key_event=True
    )
    services.add_entry(blog, body=paragraph("На десятом километре лидирует группа из пяти."))
    blog.reader_path = blog.url  # read here: the page's URL needs the database
    return blog


def in_a_thread(work) -> None:
    """Database work away from Playwright's event loop (as another editor's request)."""
    errors = []

    def run():
        try:
            work()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert not errors


def test_a_new_entry_appears_without_a_reload(live_server, live_blog, browser_page):
    page = browser_page
    page.goto(live_server.url + live_blog.reader_path)
    assert page.locator(".live-entry").count() == 2
    page.evaluate("window.__notReloaded = true")

    in_a_thread(
        lambda: services.add_entry(
            live_blog,
            title="Финиш",
            body=paragraph("Победитель пересёк финишную черту под аплодисменты."),
            key_event=True,
        )
    )

    page.locator(".live-entry").nth(2).wait_for(timeout=15_000)
    assert page.evaluate("window.__notReloaded") is True  # the same document, no reload
    first = page.locator(".live-entry").first
    assert plain(first.locator(".live-entry__title").inner_text()) == "Финиш"
    assert "финишную черту" in plain(first.inner_text())
    summary = page.locator(".live-summary li")
    assert summary.count() == 2 and plain(summary.first.inner_text()).endswith("Финиш")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "live-blog.png"), full_page=True)
    assert (ARTIFACTS / "live-blog.png").stat().st_size > 10_000

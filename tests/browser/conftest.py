"""Debian's chromium through Playwright; tests skip with the reason where it is missing."""

import os
import shutil
from pathlib import Path

import pytest

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
NEEDS_CHROMIUM = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)),
    reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)",
)


@pytest.fixture
def browser_context():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
        yield context
        context.close()
        browser.close()


@pytest.fixture
def browser_page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def live_db(transactional_db):
    """The database a live server reads (committed, unlike the usual test transaction).

    Its flush between tests also empties what the migrations created; Wagtail needs its
    root collection back."""
    from wagtail.models import Collection

    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")

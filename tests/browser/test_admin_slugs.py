"""An editor in Debian's chromium types a Cyrillic headline in the admin's page form: the
slug field fills in the newsroom's Latin slug as they type (Wagtail's slug field with the
newsroom's formatters), the draft is stored under that slug, and a second article with the
same headline in the rubric is stored and shown numbered."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from polosa.core.slugs import page_slug
from polosa.news.models import ArticlePage
from tests.browser.conftest import NEEDS_CHROMIUM

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]

HEADLINE = "Хлебозавод в Щёлкове выпустил цельнозерновой батон"
LONG_HEADLINE = (
    "Жюри фестиваля короткометражного кино в Калининграде назвало победителей конкурса "
    "дебютов и отдельно отметило документальные работы"
)


@pytest.fixture
def editor_session(live_db, rubrics, django_user_model, monkeypatch):
    """A signed-in editor's session cookie, made before the browser starts; the test reads
    the database while Playwright's event loop runs, which Django allows when told to."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def sign_in(browser_context, live_server, session: str) -> None:
    browser_context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def write_draft(page, live_server, rubric, headline: str) -> str:
    """Open the add form, type the headline key by key, save a draft; the slug field's
    value as the editor saw it before saving (once it settles on the server's slug: the
    field follows the title on key-up, a moment after each key)."""
    from playwright.sync_api import expect

    url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", rubric.pk))
    page.goto(live_server.url + url, wait_until="networkidle")  # the admin's scripts are up
    page.locator("#id_title").press_sequentially(headline)
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value(page_slug(headline), timeout=10_000)
    shown = page.locator("#id_slug").input_value()
    page.locator("button.action-save").first.click()
    page.wait_for_url("**/edit/**")
    return shown


def test_a_cyrillic_headline_gets_the_latin_slug_in_the_form_and_in_the_database(
    live_server, rubrics, editor_session, browser_context
):
    sign_in(browser_context, live_server, editor_session)
    page = browser_context.new_page()
    rubric = rubrics[0]

    shown = write_draft(page, live_server, rubric, HEADLINE)
    assert shown == "khlebozavod-v-shchelkove-vypustil-tselnozernovoy-baton" == page_slug(HEADLINE)
    article = ArticlePage.objects.get(slug=shown)
    assert not article.live
    assert page.locator("#id_slug").input_value() == article.slug

    shown_again = write_draft(page, live_server, rubric, HEADLINE)
    assert shown_again == shown  # the browser cannot know the rubric has it
    second = ArticlePage.objects.exclude(pk=article.pk).get()
    assert second.slug == f"{shown}-2"
    assert page.locator("#id_slug").input_value() == second.slug

    shown_long = write_draft(page, live_server, rubric, LONG_HEADLINE)
    assert shown_long == page_slug(LONG_HEADLINE)
    assert ArticlePage.objects.filter(slug=shown_long).exists()

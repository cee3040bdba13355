"""A reader keeps a live blog open in Debian's chromium; an editor, signed in in another
browser context, adds an entry in the admin, edits another and deletes a third: each change
appears on the reader's page without a reload (newest first, the key events' summary in
step), and a reload shows the same."""

import pytest
from django.test import Client
from django.urls import reverse

from polosa.live import content, services
from tests.browser.conftest import ARTIFACTS, NEEDS_CHROMIUM
from tests.text import plain

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]


def paragraph(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def live_blog(live_db, rubrics, settings, monkeypatch):
    """Created before the browser starts: Playwright's sync API runs an event loop, in
    which Django refuses database calls unless told to (the test reads rows meanwhile)."""
    from django.utils import timezone

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.POLOSA_LIVE_POLL_SECONDS = 0.5
    blog = content.create_live_blog(
        rubrics[0],
        title="Городской марафон: онлайн-трансляция",
        lead="Следим за забегом с утра до финиша.",
        published_at=timezone.now() - timezone.timedelta(hours=1),
    )
    now = timezone.now()
    blog.start = services.add_entry(
        blog,
        title="Старт",
        body=paragraph("Бегуны ушли со старта."),
        key_event=True,
        shown_at=now - timezone.timedelta(minutes=30),
    )
    blog.middle = services.add_entry(
        blog,
        body=paragraph("На десятом километре лидирует группа из пяти."),
        shown_at=now - timezone.timedelta(minutes=20),
    )
    blog.wrong = services.add_entry(
        blog,
        body=paragraph("Ошибочная запись о сходе лидера."),
        shown_at=now - timezone.timedelta(minutes=10),
    )
    blog.reader_path = blog.url  # read here: the page's URL needs the database
    return blog


@pytest.fixture
def editor_session(live_db, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def texts(page, selector: str) -> list[str]:
    return [plain(text) for text in page.locator(selector).all_inner_texts()]


def summary_titles(page) -> list[str]:
    """Each line of the key-event summary without its time («18:50» today, the full date
    for an entry from before midnight)."""
    return page.evaluate(
        """[...document.querySelectorAll('.live-summary li a')].map(
            (a) => a.textContent.replace(a.querySelector('time').textContent, '')
                .replace(/\\u00a0/g, ' ').trim())"""
    )


def test_an_editors_changes_appear_without_a_reload(
    live_server, live_blog, editor_session, browser_context
):
    from playwright.sync_api import expect

    reader = browser_context.browser.new_context(locale="ru-RU").new_page()  # anonymous
    editor_context = browser_context
    editor_context.add_cookies(
        [{"name": "sessionid", "value": editor_session, "url": live_server.url}]
    )
    editor = editor_context.new_page()

    reader.goto(live_server.url + live_blog.reader_path)
    expect(reader.locator(".live-entries .live-entry")).to_have_count(3)
    reader.evaluate("window.__notReloaded = true")

    # A new key event, added in the admin's form.
    add = reverse("live_entries:add") + f"?blog={live_blog.pk}"
    editor.goto(live_server.url + add, wait_until="networkidle")
    editor.locator("#id_title").fill("Финиш")
    editor.locator("#id_key_event").check()
    editor.locator("main form [type=submit]").first.click()
    editor.wait_for_url("**/live-entries/?blog=*")

    first = reader.locator(".live-entries .live-entry").first
    expect(first.locator(".live-entry__title")).to_have_text("Финиш", timeout=15_000)
    expect(reader.locator(".live-summary li").first).to_contain_text("Финиш")
    expect(reader.locator(".live-summary li")).to_have_count(2)

    # An edit: the middle entry gets a title and becomes a key event.
    edit = reverse("live_entries:edit", args=[live_blog.middle.pk])
    editor.goto(live_server.url + edit, wait_until="networkidle")
    editor.locator("#id_title").fill("Лидеры на десятом километре")
    editor.locator("#id_key_event").check()
    editor.locator("main form [type=submit]").first.click()
    editor.wait_for_url("**/live-entries/?blog=*")

    middle = reader.locator(f"#{live_blog.middle.anchor}")
    expect(middle.locator(".live-entry__title")).to_have_text(
        "Лидеры на десятом километре", timeout=15_000
    )
    expect(reader.locator(".live-summary li")).to_have_count(3)

    # A deletion.
    delete = reverse("live_entries:delete", args=[live_blog.wrong.pk])
    editor.goto(live_server.url + delete, wait_until="networkidle")
    editor.locator("main form [type=submit]").first.click()
    editor.wait_for_url("**/live-entries/?blog=*")
    expect(reader.locator(f"#{live_blog.wrong.anchor}")).to_have_count(0, timeout=15_000)

    assert reader.evaluate("window.__notReloaded") is True  # the same document throughout
    titles = texts(reader, ".live-entries .live-entry .live-entry__title")
    summary = summary_titles(reader)
    assert titles == ["Финиш", "Лидеры на десятом километре", "Старт"]
    assert summary == [
        "Финиш",
        "Лидеры на десятом километре",
        "Старт",
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    reader.screenshot(path=str(ARTIFACTS / "live-blog.png"), full_page=True)
    assert (ARTIFACTS / "live-blog.png").stat().st_size > 10_000

    # A reload (as a reader without JavaScript gets it) shows the same.
    reader.reload()
    assert texts(reader, ".live-entries .live-entry .live-entry__title") == titles
    assert summary_titles(reader) == summary


def test_a_person_named_in_a_new_entry_joins_the_people_block_without_a_reload(
    live_server, live_blog, browser_context
):
    from django.utils import timezone
    from playwright.sync_api import expect

    from polosa.people.models import Person

    person = Person.objects.create(
        name="Вера Полозова", registry_name="Полозова Вера", slug="vera-polozova"
    )
    reader = browser_context.new_page()
    reader.goto(live_server.url + live_blog.reader_path)
    expect(reader.locator(".article__people")).to_be_hidden()  # nobody named yet
    reader.evaluate("window.__notReloaded = true")

    services.add_entry(
        live_blog,
        body=paragraph("На финише бегунов встречает Вера Полозова."),
        shown_at=timezone.now(),
    )
    link = reader.locator(".article__people a")
    expect(link).to_have_text(["Вера Полозова"], timeout=15_000)
    assert link.get_attribute("href") == person.get_absolute_url()
    assert reader.evaluate("window.__notReloaded") is True

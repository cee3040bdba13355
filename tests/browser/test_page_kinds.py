"""Every public page kind in chromium at a phone's and a laptop's width: nothing overflows,
what a reader needs (the vote form, the search box) is on screen, axe-core finds nothing
serious; a screenshot of each kind and width is kept under test-artifacts/pages/."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.test import Client

from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, NEEDS_CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent, NEEDS_CHROMIUM]

WIDTHS = {"phone": (390, 844), "laptop": (1366, 900)}
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ARTIFACTS / "pages"
#: Elements a reader must be able to reach on each kind, besides the masthead's search box.
NEEDED = {"title": [".vote"], "people": [".directory-search"], "search": [".search-form"]}


@pytest.fixture
def site(live_db, article_factory, image_factory, rubrics):
    """One page of every kind, made before the browser starts (Playwright's event loop
    refuses database calls)."""
    from polosa.news.models import Author
    from polosa.people.models import Person
    from polosa.search.index import rebuild
    from polosa.titles.models import Title

    author = Author.objects.create(name="Анна Ключевская", bio="Пишет о кино и сериалах.")
    pictures = [
        image_factory(f"Кадр {number}", credit="Мария Лесная / Полоса") for number in range(3)
    ]
    poster = image_factory("Постер", credit="Кинокомпания «Маяк»")
    title = Title.objects.create(
        name="Тихая гавань",
        year=2025,
        genres="драма",
        countries="Россия",
        description="Камерная драма о смотрителе маяка и его семье.",
        poster=poster,
    )
    Person.objects.create(name="Вера Снегирёва", category="musician", bio="Певица из Самары.")
    Person.objects.create(name="Глеб Рябинин", category="director")
    Person.objects.create(name="Ульяна Светлова", category="actor")
    for number in range(14):
        article_factory(
            f"Фестиваль уличного кино открылся в Самаре: день {number + 1}",
            rubric=rubrics[number % len(rubrics)],
            lead="Показы пройдут на набережной, вход свободный — нужна только регистрация.",
            main_image=pictures[number % 3] if number % 4 else None,
            authors=[author],
            tags=["фестивали"],
        )
    review = article_factory(
        "Рецензия на фильм «Тихая гавань»: кино о маяке, которое не торопится",
        rubric=rubrics[2],
        lead="Камерная драма о смене эпох, снятая на одном острове.",
        main_image=pictures[0],
        authors=[author],
        tags=["рецензии"],
        kind="review",
    )
    review.reviewed_title = title
    review.save()
    blog = live_blog_with_entries(rubrics[0], pictures[1])
    rebuild()
    from django.urls import reverse
    from taggit.models import Tag

    pages = {
        "home": "/",
        "rubric": rubrics[2].url,
        "article": review.url,
        "title": title.get_absolute_url(),
        "person": Person.objects.get(name="Вера Снегирёва").get_absolute_url(),
        "people": "/people/",
        "ratings": "/ratings/",
        "tag": f"/tags/{Tag.objects.get(name='фестивали').slug}/",
        "author": author.get_absolute_url(),
        "search": "/search/?q=фестиваль",
        "live": blog.url,
        "imprint": reverse("core:imprint"),
        "not-found": "/net-takoy-stranitsy/",
    }
    # Each page once before the browser: the first render cuts every picture's renditions
    # (seconds on a busy machine), which is not what these tests look at.
    warm = Client()
    for address in pages.values():
        warm.get(address)
    return pages


def live_blog_with_entries(rubric, picture):
    """A live blog under way: a key event with a picture, a plain entry, a long one."""
    from django.utils import timezone

    from polosa.live import content, services

    now = timezone.now()
    blog = content.create_live_blog(
        rubric,
        title="Ночь музеев в Самаре: онлайн-трансляция",
        lead="Рассказываем, что происходит на площадках города, пока они открыты.",
        published_at=now - timezone.timedelta(hours=2),
    )
    services.add_entry(
        blog,
        title="Очередь у художественного музея",
        body=[
            ("paragraph", "<p>К открытию у входа собралось около трёхсот человек.</p>"),
            ("image", {"image": picture, "caption": "Вход в музей", "credit": ""}),
        ],
        key_event=True,
        shown_at=now - timezone.timedelta(minutes=40),
    )
    services.add_entry(
        blog,
        body=[("paragraph", "<p>На набережной начался концерт камерного оркестра.</p>")],
        shown_at=now - timezone.timedelta(minutes=20),
    )
    services.add_entry(
        blog,
        body=[("paragraph", "<p>" + "Экскурсии по запасникам идут одна за другой. " * 12 + "</p>")],
        shown_at=now - timezone.timedelta(minutes=5),
    )
    return blog


def open_context(playwright, width: int, height: int):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    # axe-core is injected as a script: the site's policy allows only its own.
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="ru-RU", bypass_csp=True
    )
    return browser, context


def outside_viewport(page, selector: str) -> str | None:
    """Why ``selector`` is not wholly on screen horizontally, or ``None`` when it is."""
    box = page.locator(selector).first.bounding_box()
    if box is None:
        return f"{selector} not shown"
    width = page.evaluate("innerWidth")
    if box["x"] < 0 or box["x"] + box["width"] > width:
        return f"{selector} spans {box['x']:.0f}–{box['x'] + box['width']:.0f} of {width} px"
    return None


@pytest.mark.parametrize("device", WIDTHS)
def test_every_page_kind_fits_the_screen(live_server, site, device):
    playwright_api = pytest.importorskip("playwright.sync_api")
    width, height = WIDTHS[device]
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    with playwright_api.sync_playwright() as playwright:
        browser, context = open_context(playwright, width, height)
        page = context.new_page()
        for kind, address in site.items():
            response = page.goto(live_server.url + address)
            expected = 404 if kind == "not-found" else 200
            if response.status != expected:
                problems.append(f"{kind}: status {response.status}")
                continue
            page.wait_for_load_state("load")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{kind}: scrollWidth {scroll_width} > {width}")
            needed = NEEDED.get(kind, [])
            if kind != "not-found":
                needed = [".masthead__search", *needed]
            for selector in needed:
                why = outside_viewport(page, selector)
                if why:
                    problems.append(f"{kind}: {why}")
            page.screenshot(path=str(SHOTS / f"{kind}-{width}.png"), full_page=True)
        browser.close()
    assert problems == []
    assert len(list(SHOTS.glob(f"*-{width}.png"))) >= len(site)


def test_the_people_directory_is_a_compact_index(live_server, site, browser_page):
    browser_page.goto(live_server.url + "/people/")
    height = browser_page.evaluate("document.documentElement.scrollHeight")
    assert height < 2000
    roles = browser_page.locator(".people__list .meta").all_inner_texts()
    assert sorted(roles) == ["актриса", "музыкант", "режиссёр"]
    letters = browser_page.locator(".letters a").all_inner_texts()
    assert letters[:3] == ["В", "Г", "У"]


def test_the_home_page_lead_picture_loads_first_and_the_others_lazily(
    live_server, site, browser_page
):
    browser_page.goto(live_server.url + "/")
    lead = browser_page.locator(".lead-story img")
    assert lead.get_attribute("loading") == "eager"
    assert lead.get_attribute("fetchpriority") == "high"
    others = browser_page.locator("main img:not(.lead-story img)")
    assert others.count() > 0
    assert set(others.evaluate_all("images => images.map(i => i.loading)")) == {"lazy"}
    # Sized pictures: nothing shifts as they arrive.
    assert lead.get_attribute("width") and lead.get_attribute("height")


def test_copy_link_copies_the_article_address(live_server, site, browser_context):
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = browser_context.new_page()
    page.goto(live_server.url + site["article"])
    button = page.locator(".share__copy")
    assert button.inner_text() == "Скопировать ссылку"
    button.click()
    # The label changes once the clipboard's promise resolves: wait for it, not a moment.
    playwright_api = pytest.importorskip("playwright.sync_api")
    playwright_api.expect(button).to_have_text("Ссылка скопирована")
    assert page.evaluate("navigator.clipboard.readText()").endswith(site["article"])
    assert page.locator(".share a[href^='https://t.me/share/url?']").count() == 1


@pytest.mark.skipif(not AXE.exists(), reason=f"needs axe-core from npm at {AXE} (make install)")
@pytest.mark.parametrize("device", WIDTHS)
def test_axe_finds_no_serious_violation_on_any_page_kind(live_server, site, device):
    playwright_api = pytest.importorskip("playwright.sync_api")
    width, height = WIDTHS[device]
    found = {}
    with playwright_api.sync_playwright() as playwright:
        browser, context = open_context(playwright, width, height)
        page = context.new_page()
        for kind, address in site.items():
            page.goto(live_server.url + address)
            page.wait_for_load_state("load")
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            serious = [
                f"{violation['id']}: {violation['nodes'][0]['target']}"
                for violation in result["violations"]
                if violation["impact"] in ("serious", "critical")
            ]
            if serious:
                found[kind] = serious
        browser.close()
    if os.environ.get("POLOSA_AXE_REPORT"):
        print(json.dumps(found, ensure_ascii=False, indent=1))
    assert found == {}

"""The reader's pages work under their own Content-Security-Policy in a real browser:
nothing they load or run is refused, and a vote (a form post) goes through."""

import pytest

from polosa.titles.models import Title
from tests.browser.conftest import NEEDS_CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.engine_independent, NEEDS_CHROMIUM]

# Collects every violation the browser reports, before any of the page's own code runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def site(live_db, article_factory, image_factory, rubrics):
    title = Title.objects.create(name="Тихая гавань", year=2025)
    article = article_factory(
        "Тихая гавань: фильм о маяке и его смотрителе",
        rubric=rubrics[2],
        lead="Камерная драма о смене эпох.",
        main_image=image_factory("Маяк", credit="Анна Береговая / Полоса"),
        kind="review",
    )
    article.reviewed_title = title
    article.save()
    return {"article": article.url, "title": f"/titles/{title.slug}/"}


@pytest.mark.parametrize("address", ["/", "article", "title", "/people/", "/ratings/"])
def test_a_reader_page_loads_without_a_single_policy_violation(
    live_server, site, browser_context, address
):
    page = browser_context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    response = page.goto(live_server.url + site.get(address, address))
    assert response.status == 200
    assert "Content-Security-Policy" in {name.title() for name in response.headers}
    page.wait_for_load_state("load")
    assert page.evaluate("window.__cspViolations") == []
    assert not [text for text in console if "Content Security Policy" in text]
    # Pictures are same-origin and load under img-src 'self'.
    broken = page.evaluate(
        "[...document.images].filter(i => i.complete && i.naturalWidth === 0).length"
    )
    assert broken == 0


def test_a_vote_is_a_form_post_the_policy_allows(live_server, site, browser_context):
    page = browser_context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(live_server.url + site["title"])
    page.get_by_label("8", exact=True).check()
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Оценить").click()
    assert posted.value.ok
    page.wait_for_load_state("load")
    assert "Спасибо, ваш голос учтён." in page.content()
    # The cached title page knows no reader; the reader's own vote form does.
    form = page.request.get(
        live_server.url + site["title"] + "vote/", headers={"Accept": "application/json"}
    )
    assert form.json()["your_vote"] == 8
    assert page.evaluate("window.__cspViolations") == []

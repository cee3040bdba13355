"""Latin slugs from the admin's page form (``polosa.core.forms.LatinSlugPageForm``): what an
editor posts, what is stored. The browser half (Wagtail's slug field filling in the same
slug while the title is typed) is in ``tests/browser/test_admin_slugs.py``."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from django.urls import reverse
from lxml import html

from polosa.news.models import ArticlePage, RubricPage
from tests.newsroom.conftest import add_url, edit_url, page_form
from tests.text import plain

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def create(editor, rubric):
    """``create(title, slug="")``: an article saved as a draft through the add form."""

    def post(title: str, slug: str = "", parent=None):
        parent = parent or rubric
        form = editor.get(add_url(parent))
        response = editor.post(add_url(parent), page_form(form, title=title, slug=slug))
        response.page = ArticlePage.objects.order_by("-pk").first()
        return response

    return post


def errors_of(response) -> str:
    return plain(response.content.decode())


def test_the_slug_field_carries_the_newsrooms_transliteration(editor, rubric):
    form = editor.get(add_url(rubric)).content.decode()
    (slug,) = html.fromstring(form).xpath("//input[@name='slug']")
    # WAGTAIL_ALLOW_UNICODE_SLUGS = False: the attribute is left out, urlify transliterates
    assert slug.get("data-w-slug-allow-unicode-value") is None
    formatters = json.loads(slug.get("data-w-slug-formatters-value"))
    assert ["х", "kh"] in [[pattern[0], replacement] for pattern, replacement in formatters]
    assert "w-slug#urlify" in slug.get("data-action")


@pytest.mark.parametrize(
    ("title", "posted", "stored"),
    [
        pytest.param("Хлеб подорожал", "", "khleb-podorozhal", id="empty-from-the-title"),
        pytest.param("Хлеб подорожал", "khleb-podorozhal", "khleb-podorozhal", id="as-shown"),
        pytest.param("Хлеб подорожал", "молоко-дешевеет", "moloko-desheveet", id="cyrillic-typed"),
        pytest.param("Хлеб подорожал", "hleb-dorozhe", "hleb-dorozhe", id="latin-typed"),
    ],
)
def test_a_new_article_gets_a_latin_slug(create, title, posted, stored):
    response = create(title, posted)
    assert response.status_code == 302, errors_of(response)[:500]
    assert response.page.slug == stored


def test_the_slug_from_the_title_is_numbered_when_the_rubric_has_it(create):
    slugs = [create("Хлеб подорожал", slug).page.slug for slug in ("", "khleb-podorozhal", "")]
    assert slugs == ["khleb-podorozhal", "khleb-podorozhal-2", "khleb-podorozhal-3"]


def test_another_rubric_may_have_the_same_slug(create, rubrics):
    assert create("Хлеб подорожал", parent=rubrics[0]).page.slug == "khleb-podorozhal"
    assert create("Хлеб подорожал", parent=rubrics[1]).page.slug == "khleb-podorozhal"


def test_a_typed_slug_the_rubric_has_is_a_clear_form_error(create, rubric):
    create("Хлеб подорожал")
    response = create("Цены на хлеб", "khleb-podorozhal")
    assert response.status_code == 200
    assert (
        f"Адрес «khleb-podorozhal» уже занят в разделе «{rubric.title}». Выберите другой или "
        "оставьте поле пустым: адрес составится из заголовка."
    ) in errors_of(response)
    assert ArticlePage.objects.filter(slug="khleb-podorozhal").count() == 1


def test_a_long_title_gives_a_slug_cut_at_a_word(create):
    title = (
        "Жюри фестиваля короткометражного кино в Калининграде назвало победителей конкурса "
        "дебютов и отдельно отметило документальные работы"
    )
    slug = create(title).page.slug
    assert slug == "zhyuri-festivalya-korotkometrazhnogo-kino-v-kaliningrade-nazvalo-pobediteley"


def test_a_rubric_created_in_the_admin_gets_a_latin_slug(editor, rubric):
    home = rubric.get_parent()
    url = reverse("wagtailadmin_pages:add", args=("news", "rubricpage", home.pk))
    form = editor.get(url)
    data = page_form(form, title="Общество", slug="")
    data.pop("body", None)
    response = editor.post(url, {k: v for k, v in data.items() if not k.startswith("body")})
    assert response.status_code == 302, errors_of(response)[:500]
    assert RubricPage.objects.get(title="Общество").slug == "obshchestvo"


def test_an_old_cyrillic_slug_stays_when_the_article_is_edited(editor, article_factory, rubric):
    article = article_factory("Старый материал", rubric=rubric, slug="старый-материал")
    form = editor.get(edit_url(article))
    response = editor.post(edit_url(article), page_form(form, title="Старый материал, правка"))
    assert response.status_code == 302, errors_of(response)[:500]
    article.refresh_from_db()
    assert article.slug == "старый-материал"
    assert editor.get(article.url).status_code == 200


def test_an_old_cyrillic_slug_is_served_at_its_percent_encoded_address(client, article_factory):
    article = article_factory("Старый материал", slug="старый-материал")
    rubric_slug = article.get_parent().slug
    encoded = f"/{rubric_slug}/{quote('старый-материал')}/"
    assert encoded.isascii()
    response = client.get(encoded)
    assert response.status_code == 200
    assert "Старый материал" in plain(response.content.decode())

"""Slugs: namesakes get distinct ones instead of an integrity error; pages get Latin ones by
the newsroom's transliteration, cut at a word, the same in the browser as on the server."""

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polosa.core import slugs
from polosa.core.typography import slug_for
from polosa.news.models import Author
from polosa.people.models import Person

pytestmark = pytest.mark.django_db


def test_two_authors_with_one_name_get_numbered_slugs():
    first = Author.objects.create(name="Анна Ким")
    second = Author.objects.create(name="Анна Ким")
    assert (first.slug, second.slug) == ("anna-kim", "anna-kim-2")


def test_a_saved_slug_is_kept_when_the_name_changes():
    author = Author.objects.create(name="Анна Ким")
    author.name = "Анна Кимова"
    author.save()
    assert author.slug == "anna-kim"


def test_a_name_without_latin_equivalent_falls_back_to_the_model_word():
    assert Person.objects.create(name="«»").slug == "person"


def test_a_long_name_is_cut_after_a_whole_word():
    author = Author.objects.create(name="Анна " + "Кимова-Ли " * 15)
    assert len(author.slug) <= slugs.PAGE_SLUG_LENGTH
    assert not author.slug.endswith("-")


# --- Pages ----------------------------------------------------------------------------------

LONG_TITLE = (
    "Жюри фестиваля короткометражного кино в Калининграде назвало победителей конкурса "
    "дебютов и отдельно отметило документальные работы"
)
RUSSIAN_TITLES = st.text(
    alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЖЩЁЪ ,.:-—«»!?0123456789\u00a0"
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        pytest.param("Хлеб подорожал", "khleb-podorozhal", id="kh"),
        pytest.param("Щука и ёж", "shchuka-i-ezh", id="shch-yo"),
        pytest.param("Цой жив: концерт в «Лужниках»", "tsoy-zhiv-kontsert-v-luzhnikakh", id="ts"),
        pytest.param("Майский\u00a0дождь — 2026", "mayskiy-dozhd-2026", id="nbsp-dash"),
        pytest.param("Объявлен подъём", "obyavlen-podem", id="hard-sign"),
        pytest.param("Beyoncé в Москве", "beyonce-v-moskve", id="latin-accent"),
        pytest.param("«»", "material", id="nothing-latin"),
        pytest.param(
            LONG_TITLE,
            "zhyuri-festivalya-korotkometrazhnogo-kino-v-kaliningrade-nazvalo-pobediteley",
            id="long-cut-at-a-word",
        ),
    ],
)
def test_a_page_slug_is_the_titles_transliteration(title, slug):
    assert slugs.page_slug(title) == slug


def test_a_single_word_longer_than_the_limit_is_cut_at_the_limit():
    assert slugs.page_slug("а" * 200) == "a" * slugs.PAGE_SLUG_LENGTH


@given(RUSSIAN_TITLES)
def test_page_slugs_are_short_latin_prefixes_cut_at_a_word(title):
    slug = slugs.page_slug(title)
    if slug == "material":
        return
    assert SLUG.match(slug), slug
    assert len(slug) <= slugs.PAGE_SLUG_LENGTH
    whole = slug_for(title, 10_000)
    assert whole == slug or whole.startswith(f"{slug}-") or len(slug) == slugs.PAGE_SLUG_LENGTH


def browser_slug(title: str) -> str:
    """What Wagtail's slug field does in the browser with :func:`slugs.slug_formatters`:
    ``CleanController.urlify`` applies the formatters in order, then ``urlify`` downcodes
    accented letters, lowercases, drops what is not ``[-\\w\\s]``, turns spaces into
    hyphens, keeps 255 characters and no trailing hyphen."""
    text = title
    for pattern, replacement in slugs.slug_formatters():
        text = pattern.sub(replacement.replace("$1", r"\1"), text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^-\w\s]", "", text.lower(), flags=re.ASCII)
    return re.sub(r"[-\s]+", "-", text)[:255].rstrip("-")


@pytest.mark.parametrize(
    "title",
    [
        "Хлеб подорожал",
        "Цой жив: концерт в «Лужниках»",
        "Майский\u00a0дождь — 2026",
        "Beyoncé в Москве",
        LONG_TITLE,
    ],
)
def test_the_browser_shows_the_slug_the_server_stores(title):
    assert browser_slug(title) == slugs.page_slug(title)


@given(RUSSIAN_TITLES)
def test_the_browser_and_the_server_agree_on_any_russian_title(title):
    server = slugs.page_slug(title)
    # A title without a letter or digit: the browser leaves the field empty, the server
    # fills in the fallback.
    assert browser_slug(title) == (server if server != "material" else "")


def test_a_free_page_slug_is_numbered_among_the_rubrics_own_articles(rubrics, article_factory):
    article_factory("Хлеб подорожал", rubric=rubrics[1])  # another rubric's: no matter
    assert slugs.free_page_slug("khleb-podorozhal", rubrics[0]) == "khleb-podorozhal"
    article_factory("Хлеб подорожал", rubric=rubrics[0])
    article_factory("Хлеб подорожал снова", rubric=rubrics[0], slug="khleb-podorozhal-2")
    assert slugs.free_page_slug("khleb-podorozhal", rubrics[0]) == "khleb-podorozhal-3"
    assert slugs.free_page_slug("moloko", rubrics[0]) == "moloko"


def test_a_page_made_in_code_without_a_slug_gets_the_latin_one(rubric):
    from polosa.news.models import ArticlePage

    first = rubric.add_child(instance=ArticlePage(title="Хлеб подорожал"))
    second = rubric.add_child(instance=ArticlePage(title="Хлеб подорожал"))
    assert (first.slug, second.slug) == ("khleb-podorozhal", "khleb-podorozhal-2")

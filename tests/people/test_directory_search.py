"""The directory's search box and letter index: names found in any case form and with ё
as е, letters that link only where someone is filed, both within the page cache's key."""

import pytest
from lxml import html

from polosa.core.pagecache import KEY_PARAMETERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(person_factory):
    for name, category in [
        ("Аглая Перепёлкина", "director"),
        ("Тимур Забелин", "musician"),
        ("Ульяна Светлова", "actor"),
        ("Егор Вяземцев", "actor"),
        ("Ёлка Ёжикова", "blogger"),
    ]:
        person_factory(name, category=category)


def names(response) -> list[str]:
    assert response.status_code == 200
    document = html.fromstring(response.content)
    return [link.text_content() for link in document.xpath("//ul[@class='people__list']//a")]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Перепёлкина", ["Аглая Перепёлкина"]),
        ("перепелкиной", ["Аглая Перепёлкина"]),
        ("Перепёлкину", ["Аглая Перепёлкина"]),
        ("пере", ["Аглая Перепёлкина"]),
        ("Забелиным", ["Тимур Забелин"]),
        ("тимура забелина", ["Тимур Забелин"]),
        ("ежикова", ["Ёлка Ёжикова"]),
        ("  Светловой  ", ["Ульяна Светлова"]),
        ("Светлова Забелин", []),
        ("Никого", []),
    ],
)
def test_the_search_box_finds_a_name_in_any_case_form(client, people, query, found):
    assert names(client.get("/people/", {"q": query})) == found


def test_an_empty_search_shows_everyone(client, people):
    assert len(names(client.get("/people/", {"q": " "}))) == 5


def test_nobody_found_says_so(client, people):
    page = client.get("/people/", {"q": "Никого"}).content.decode()
    assert "Никого не нашлось" in page


def test_the_letter_index_links_only_the_letters_present(client, people):
    document = html.fromstring(client.get("/people/").content)
    linked = document.xpath("//nav[@class='letters']//a/text()")
    assert linked == ["А", "Е", "Т", "У"]  # by first name; Ёлка is filed under Е
    greyed = document.xpath("//nav[@class='letters']//span/text()")
    assert "Б" in greyed and "А" not in greyed


E_NAMES = ["Егор Вяземцев", "Ёлка Ёжикова"]


@pytest.mark.parametrize(
    ("letter", "found"), [("Е", E_NAMES), ("ё", E_NAMES), ("Т", ["Тимур Забелин"]), ("Б", [])]
)
def test_a_letter_shows_only_its_people(client, people, letter, found):
    assert names(client.get("/people/", {"letter": letter})) == found


def test_letter_and_category_combine(client, people):
    assert names(client.get("/people/", {"letter": "Е", "category": "actor"})) == ["Егор Вяземцев"]


@pytest.mark.parametrize("letter", ["Z", "АБ", "1", "<"])
def test_an_unknown_letter_is_a_404(client, people, letter):
    assert client.get("/people/", {"letter": letter}).status_code == 404


def test_roles_are_singular_and_agree_with_the_name(client, people):
    document = html.fromstring(client.get("/people/").content)
    roles = dict(
        zip(
            document.xpath("//ul[@class='people__list']//a/text()"),
            document.xpath("//ul[@class='people__list']//span[@class='meta']/text()"),
            strict=True,
        )
    )
    assert roles["Аглая Перепёлкина"] == "режиссёр"
    assert roles["Ульяна Светлова"] == "актриса"
    assert roles["Егор Вяземцев"] == "актёр"
    assert roles["Тимур Забелин"] == "музыкант"


def test_search_and_letter_are_part_of_the_page_cache_key_and_of_varnishs():
    from pathlib import Path

    assert {"q", "letter", "category"} <= KEY_PARAMETERS
    vcl = (Path(__file__).resolve().parents[2] / "deploy" / "varnish.vcl").read_text()
    assert "|letter|" in vcl

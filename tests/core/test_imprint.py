"""The outlet's imprint (выходные данные) and its age sign: kept in the outlet settings,
shown on ``/redaktsiya/`` and, with the age sign, in the footer of every page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html
from wagtail.models import Site

from polosa.core.models import OutletSettings
from polosa.core.pages import phone_href
from tests.core.pages import forget_page

IMPRINT = {
    "registered_name": "Сетевое издание «Вечерний курьер»",
    "founder": "ООО «Курьер-медиа»",
    "editor_in_chief": "Иволгина Марфа Тихоновна",
    "editorial_email": "redakciya@kurier.example",
    "editorial_phone": "+7 (495) 000-00-00",
    "registration_number": "ЭЛ № ФС 77-00000",
    "registration_issued": "выдано Роскомнадзором 1 января 2026 г.",
    "age_sign": "18+",
}

#: The page's lines for :data:`IMPRINT`, in the order the Mass Media Law lists them.
IMPRINT_LINES = [
    ("Название издания", "Сетевое издание «Вечерний курьер»"),
    (
        "Свидетельство о регистрации СМИ",
        "ЭЛ № ФС 77-00000 выдано Роскомнадзором 1 января 2026 г.",
    ),
    ("Учредитель", "ООО «Курьер-медиа»"),
    ("Главный редактор", "Иволгина Марфа Тихоновна"),
    ("Электронная почта редакции", "redakciya@kurier.example"),
    ("Телефон редакции", "+7 (495) 000-00-00"),
    ("Знак информационной продукции", "18+"),
]


def outlet() -> OutletSettings:
    return OutletSettings.for_site(Site.objects.get(is_default_site=True))


def fill(**fields: str) -> None:
    found = outlet()
    for name, value in fields.items():
        setattr(found, name, value)
    found.save()


def parsed(response):
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def imprint_lines(response) -> list[tuple[str, str]]:
    terms = parsed(response).xpath("//main//dl/dt")
    return [(term.text_content(), term.getnext().text_content()) for term in terms]


@pytest.fixture
def editor_client(django_user_model) -> Client:
    """A superuser's own client: its session cookie keeps it out of the page cache."""
    user = django_user_model.objects.create_superuser("glavred", "glavred@polosa.test", "pw")
    editor = Client()
    editor.force_login(user)
    return editor


def save_through_admin(editor_client: Client, **fields: str):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["core", "outletsettings", site.pk])
    assert editor_client.get(url).status_code == 200
    current = outlet()
    data = {
        "outlet_name": current.outlet_name,
        "logo": "",
        "telegram_channel_url": current.telegram_channel_url,
        "default_photo_credit": current.default_photo_credit,
        "age_sign": current.age_sign,
        **fields,
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_the_imprint_fields_save_through_the_admin_settings_form(rubrics, editor_client):
    save_through_admin(editor_client, **IMPRINT)
    saved = OutletSettings.objects.get(site__is_default_site=True)
    assert {name: getattr(saved, name) for name in IMPRINT} == IMPRINT


def test_the_admin_form_groups_the_imprint_under_its_own_heading(rubrics, editor_client):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["core", "outletsettings", site.pk])
    page = parsed(editor_client.get(url))
    headings = [heading.text_content().strip() for heading in page.xpath("//h2")]
    assert "Выходные данные" in headings
    options = page.xpath("//select[@name='age_sign']/option")
    assert [option.get("value") for option in options] == ["0+", "6+", "12+", "16+", "18+"]
    assert page.xpath("//select[@name='age_sign']/option[@selected]/@value") == ["16+"]


def test_the_imprint_page_shows_every_filled_field(client, rubrics):
    fill(**IMPRINT)
    response = client.get(reverse("core:imprint"))
    assert reverse("core:imprint") == "/redaktsiya/"
    assert imprint_lines(response) == IMPRINT_LINES
    page = parsed(response)
    assert page.xpath("//h1")[0].text_content() == "Выходные данные"
    assert page.xpath("//main//dd/a/@href") == [
        "mailto:redakciya@kurier.example",
        "tel:+74950000000",
    ]


def test_an_imprint_nobody_filled_in_shows_the_outlet_name_and_age_sign(client, rubrics):
    assert imprint_lines(client.get("/redaktsiya/")) == [
        ("Название издания", "Полоса"),
        ("Знак информационной продукции", "16+"),
    ]


@pytest.mark.parametrize(
    ("fields", "lines"),
    [
        (
            {"editor_in_chief": "Иволгина Марфа Тихоновна"},
            [
                ("Название издания", "Полоса"),
                ("Главный редактор", "Иволгина Марфа Тихоновна"),
                ("Знак информационной продукции", "16+"),
            ],
        ),
        (
            {"registration_number": "ЭЛ № ФС 77-00000"},
            [
                ("Название издания", "Полоса"),
                ("Свидетельство о регистрации СМИ", "ЭЛ № ФС 77-00000"),
                ("Знак информационной продукции", "16+"),
            ],
        ),
        (
            {"registration_issued": "выдано Роскомнадзором 1 января 2026 г.", "age_sign": "0+"},
            [
                ("Название издания", "Полоса"),
                ("Свидетельство о регистрации СМИ", "выдано Роскомнадзором 1 января 2026 г."),
                ("Знак информационной продукции", "0+"),
            ],
        ),
    ],
)
def test_the_imprint_page_leaves_out_what_is_not_filled_in(client, rubrics, fields, lines):
    fill(**fields)
    assert imprint_lines(client.get("/redaktsiya/")) == lines


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("+7 (495) 000-00-00", "tel:+74950000000"),
        ("8 800 000-00-00", "tel:88000000000"),
        (" +7 495 0000000, доб. 12", "tel:+74950000000"),
        ("по будням", ""),
    ],
)
def test_a_phone_number_becomes_a_tel_link(phone, href):
    assert phone_href(phone) == href


@pytest.fixture
def pages(rubrics, article_factory) -> dict[str, str]:
    return {"home": "/", "article": article_factory("Новость для подвала").url}


@pytest.mark.parametrize("page", ["home", "article", "imprint"])
@pytest.mark.parametrize("age_sign", ["16+", "18+", "0+"])
def test_every_page_links_the_imprint_and_shows_the_age_sign_in_its_footer(
    client, pages, page, age_sign
):
    fill(age_sign=age_sign)
    footer = parsed(client.get(pages.get(page, "/redaktsiya/"))).xpath("//footer")[0]
    assert footer.xpath(".//a[text()='Выходные данные']/@href") == ["/redaktsiya/"]
    (badge,) = footer.xpath(".//*[contains(@class, 'footer__age')]")
    assert badge.text_content() == age_sign
    assert badge.get("aria-label") == f"Возрастное ограничение {age_sign}"


def test_saving_the_settings_in_the_admin_purges_the_imprint_page(
    client, rubrics, editor_client, purged
):
    first = client.get("/redaktsiya/")
    assert first["X-Polosa-Cache"] == "miss"
    assert client.get("/redaktsiya/")["X-Polosa-Cache"] == "hit"

    save_through_admin(editor_client, editor_in_chief="Иволгина Марфа Тихоновна")

    assert "settings" in purged.keys
    again = client.get("/redaktsiya/")
    assert again["X-Polosa-Cache"] == "miss"
    assert ("Главный редактор", "Иволгина Марфа Тихоновна") in imprint_lines(again)


def test_the_imprint_page_is_stored_under_the_settings_key(client, rubrics, settings):
    settings.POLOSA_SURROGATE_KEY_HEADER = "Surrogate-Key"
    keys = client.get("/redaktsiya/")["Surrogate-Key"].split()
    assert "settings" in keys


def test_a_miss_of_the_imprint_page_needs_no_query(client, rubrics, django_assert_num_queries):
    """The site, the rubrics and the outlet settings (imprint and footer alike) come from
    the tagged store, as on every page; the footer adds nothing to the budgets of the other
    pages, which tests/news, tests/people, tests/titles and tests/distribution pin."""
    client.get("/redaktsiya/")
    forget_page("/redaktsiya/")
    with django_assert_num_queries(0):
        response = client.get("/redaktsiya/")
    assert response["X-Polosa-Cache"] == "miss"
    assert response.status_code == 200


def test_the_demo_fills_an_empty_imprint_once_and_keeps_what_editors_wrote(client, rubrics):
    from wagtail.models import Site

    from polosa.core import demo
    from polosa.core.models import OutletSettings

    site = Site.objects.get(is_default_site=True)
    outlet = OutletSettings.objects.get_or_create(site=site)[0]
    outlet.editor_in_chief = "Снегирёва Ольга Павловна"
    outlet.save()
    demo.populate()
    demo.populate()
    outlet.refresh_from_db()
    assert outlet.editor_in_chief == "Снегирёва Ольга Павловна"
    assert outlet.registration_number == demo.DEMO_IMPRINT["registration_number"]
    assert "Сетевое издание «Полоса»" in client.get("/redaktsiya/").content.decode()

"""The template tags other apps' pages use: the beacon and «Самое читаемое»."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.test import RequestFactory

from polosa.readership.templatetags.readership_tags import signature, signed

pytestmark = pytest.mark.django_db


def render(source: str, request, **context) -> str:
    template = Template("{% load readership_tags %}" + source)
    return template.render(Context({"request": request, **context}))


@pytest.fixture
def article(article_factory):
    return article_factory("Оркестр сыграл концерт")


def test_the_beacon_is_a_static_script_naming_the_signed_endpoint(article):
    html = render("{% read_beacon page %}", RequestFactory().get(article.url), page=article)
    assert html == (
        f'<script src="/static/readership/read.js" '
        f'data-read="/_read/{article.pk}/{signature(article.pk)}/" defer></script>'
    )
    assert finders.find("readership/read.js")


def test_an_editors_preview_has_no_beacon(article):
    request = RequestFactory().get(article.url)
    request.is_preview = True
    assert render("{% read_beacon page %}", request, page=article) == ""


def test_a_signature_is_good_for_its_own_article_only(article, article_factory):
    other = article_factory("Выставка открылась вечером")
    assert signed(article.pk, signature(article.pk))
    assert not signed(other.pk, signature(article.pk))
    assert not signed(article.pk, "")


def test_the_script_needs_nothing_the_content_security_policy_forbids():
    script = Path(finders.find("readership/read.js")).read_text(encoding="utf-8")
    assert "sendBeacon" in script
    assert "eval(" not in script and "innerHTML" not in script


def test_most_read_is_an_include_in_a_cached_page_and_in_place_for_editors(client):
    request = RequestFactory().get("/")
    request.polosa_page_cache = True
    assert render("{% most_read %}", request) == '<esi:include src="/_fragments/most-read/"/>'
    editor = RequestFactory().get("/")
    assert render("{% most_read %}", editor) == ""  # nothing read yet: no block

"""The three places Polosa answers for Wagtail to save queries on every page miss, pinned to
Wagtail's own answers: the site of a request, the route of an article, the view
restrictions of a page. (``bench/pages.py`` measures what they save.)"""

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site

from polosa.core.sites import site_for_request
from polosa.news.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_site(rubrics):
    home = HomePage.objects.get()
    return Site.objects.create(hostname="second.example", port=80, root_page=home)


@pytest.mark.parametrize("host", ["testserver", "second.example", "unknown.example"])
def test_the_stored_site_is_wagtails_site_for_the_request(second_site, settings, host):
    settings.ALLOWED_HOSTS = ["*"]
    ours = RequestFactory().get("/", HTTP_HOST=host)
    wagtails = RequestFactory().get("/", HTTP_HOST=host)
    site = site_for_request(ours)
    expected = Site.find_for_request(wagtails)
    assert (site.pk, site.root_page_id) == (expected.pk, expected.root_page_id)
    assert site.root_page.specific_class is HomePage


def wagtail_route(home, path: str):
    request = RequestFactory().get(path)
    components = [part for part in path.split("/") if part]
    return Page.route(home, request, components)


@pytest.mark.parametrize(
    "path",
    [
        "/{rubric}/{article}/",
        "/{rubric}/",
        "/{other_rubric}/{article}/",  # the right slug under the wrong rubric
        "/{rubric}/no-such-article/",
        "/no-such-rubric/{article}/",
        "/{rubric}/{article}/extra/",
    ],
)
def test_article_routing_finds_what_wagtails_tree_walk_finds(article_factory, rubrics, path):
    article = article_factory("Маршрут статьи", rubric=rubrics[1])
    url = path.format(rubric=rubrics[1].slug, other_rubric=rubrics[2].slug, article=article.slug)
    home = HomePage.objects.get()
    request = RequestFactory().get(url)
    components = [part for part in url.split("/") if part]
    try:
        expected = wagtail_route(home, url).page.pk
    except Http404:
        expected = Http404
    try:
        found = home.route(request, components).page.pk
    except Http404:
        found = Http404
    assert found == expected


def test_a_draft_article_is_not_routed_as_wagtail_does_not(article_factory, rubrics):
    draft = article_factory("Черновик", rubric=rubrics[0], live=False)
    url = f"/{rubrics[0].slug}/{draft.slug}/"
    home = HomePage.objects.get()
    with pytest.raises(Http404):
        wagtail_route(home, url)
    with pytest.raises(Http404):
        home.route(RequestFactory().get(url), [rubrics[0].slug, draft.slug])


@pytest.mark.parametrize("restricted", ["home", "rubric", "article", "none"])
def test_view_restrictions_are_wagtails_restrictions(article_factory, rubrics, restricted):
    article = article_factory("Закрытый материал", rubric=rubrics[0])
    other = article_factory("Открытый материал", rubric=rubrics[1])
    home = HomePage.objects.get()
    target = {"home": home, "rubric": rubrics[0], "article": article, "none": None}[restricted]
    if target is not None:
        PageViewRestriction.objects.create(
            page=target, restriction_type=PageViewRestriction.PASSWORD, password="секрет"
        )
    for page in (home, rubrics[0], rubrics[1], article, other):
        specific = type(page).objects.get(pk=page.pk)
        ours = set(specific.get_view_restrictions().values_list("pk", flat=True))
        wagtails = set(Page.get_view_restrictions(specific).values_list("pk", flat=True))
        assert ours == wagtails, page

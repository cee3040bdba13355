"""The bulk generator writes a valid Wagtail tree, resumes after an interruption and
spreads its articles like an outlet's archive."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from wagtail.models import Page

from polosa.news import generation
from polosa.news.models import ArticlePage, RubricPage

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def generate(count: int, **options) -> None:
    call_command("generate", articles=count, stdout=io.StringIO(), stderr=io.StringIO(), **options)


def assert_tree_is_valid() -> None:
    evil_chars, bad_steplen, orphans, wrong_depth, wrong_numchild = Page.find_problems()
    assert (evil_chars, bad_steplen, orphans, wrong_depth, wrong_numchild) == (
        [], [], [], [], []
    )  # fmt: skip


def test_bulk_articles_form_a_valid_tree_under_their_rubrics(settings, tmp_path, client):
    settings.VAR_DIR = tmp_path
    generate(9, chunk=4)
    generate(5, chunk=4)  # a second run continues each rubric's numbering
    assert_tree_is_valid()
    articles = ArticlePage.objects.all()
    assert articles.count() == 14
    for rubric in RubricPage.objects.all():
        children = rubric.get_children()
        assert rubric.numchild == children.count() > 0
        for child in children.specific():
            assert child.url_path == f"{rubric.url_path}{child.slug}/"
    for article in articles:
        assert client.get(article.url).status_code == 200


def test_the_rubric_lists_and_the_admin_tree_see_generated_articles(settings, tmp_path, client):
    settings.VAR_DIR = tmp_path
    generate(8)
    rubric = RubricPage.objects.get(slug="kino")
    response = client.get(rubric.url)
    assert response.status_code == 200
    assert len(response.context["articles"].object_list) == 2
    rubric.add_child(instance=ArticlePage(title="Написано вручную", slug="rukoyu"))
    assert_tree_is_valid()


def test_an_interrupted_run_continues_where_it_stopped(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    real_write = generation.write_chunk
    calls = []

    def failing_second_chunk(articles):
        calls.append(len(articles))
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_write(articles)

    monkeypatch.setattr(generation, "write_chunk", failing_second_chunk)
    with pytest.raises(KeyboardInterrupt):
        generate(10, chunk=4)
    assert ArticlePage.objects.count() == 4  # the first chunk's transaction stood
    monkeypatch.setattr(generation, "write_chunk", real_write)
    out = io.StringIO()
    call_command("generate", articles=10, chunk=4, stdout=out, stderr=io.StringIO())
    assert "Продолжаю прерванную генерацию: 4 из 10" in out.getvalue()
    assert ArticlePage.objects.count() == 10  # not 4 + 10
    assert_tree_is_valid()
    slugs = set(ArticlePage.objects.values_list("slug", flat=True))
    assert {slug.rsplit("-", 1)[1] for slug in slugs} == {str(n) for n in range(1, 11)}
    generate(2)  # the finished run is forgotten: a new run adds
    assert ArticlePage.objects.count() == 12


def test_the_same_serial_makes_the_same_article():
    pools = generation.Pools(
        rubrics=_rubrics(),
        author_ids=[1, 2],
        tag_ids={name: n for n, name in enumerate(sorted(generation.headline_tags()))},
        image_ids=[5],
    )
    first = generation.make_article(77, pools, seed=1, now=NOW, span=timedelta(days=10))
    again = generation.make_article(77, pools, seed=1, now=NOW, span=timedelta(days=10))
    assert (first.title, first.body, first.published_at) == (
        again.title, again.body, again.published_at
    )  # fmt: skip


def _rubrics():
    from polosa.news import content

    return content.ensure_rubrics()


def test_dates_spread_over_ten_years_and_pictures_come_from_a_pool(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    generate(60)
    dates = sorted(ArticlePage.objects.values_list("published_at", flat=True))
    assert dates[-1] - dates[0] > timedelta(days=3 * 365)
    pictures = set(ArticlePage.objects.values_list("main_image_id", flat=True)) - {None}
    assert 1 < len(pictures) <= 24
    assert ArticlePage.authors.through.objects.count() >= 60
    assert ArticlePage.tags.through.objects.count() >= 60


def test_people_of_the_directory_get_linked(settings, tmp_path):
    from polosa.news.demo_text import DEMO_CAST
    from polosa.people.models import Mention, Person

    settings.VAR_DIR = tmp_path
    for member in DEMO_CAST:
        Person.objects.create(name=member.name, slug=f"p-{abs(hash(member.name))}")
    generate(6)
    assert Mention.objects.filter(source=Mention.Source.AUTO).count() == 12  # two each

"""``polosa related``: lists for an archive loaded in bulk, and one list to look at."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulk(article_factory, rubrics):
    """Articles created as the demo and the generator create them: no list yet."""
    return [
        article_factory("Трейлер фильма «Тихая гавань» вышел в сеть", rubric=rubrics[2]),
        article_factory("Рецензия на фильм «Тихая гавань»", rubric=rubrics[2]),
        article_factory("Врачи объяснили, сколько нужно спать", rubric=rubrics[3]),
    ]


def test_rebuild_gives_every_published_article_its_list(bulk, purged):
    from polosa.readership.models import RelatedArticle

    out = io.StringIO()
    call_command("related", "rebuild", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == "Списков «Читайте также» пересчитано: 3"
    trailer, review, sleep = bulk
    first = RelatedArticle.objects.filter(article=review).order_by("position").first()
    assert first.related_id == trailer.pk and first.score > 0
    assert RelatedArticle.objects.filter(article=sleep).count() == 2  # the newest, score 0
    assert {f"related-{article.pk}" for article in bulk} <= purged.keys


def test_show_prints_a_list_with_its_scores(bulk):
    trailer, review, _ = bulk
    call_command("related", "rebuild", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("related", "show", str(review.pk), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == review.title
    assert lines[1].split(maxsplit=2)[1:] == [str(trailer.pk), trailer.title]


def test_show_says_when_an_article_has_no_list_yet_or_does_not_exist(bulk):
    out = io.StringIO()
    call_command("related", "show", str(bulk[0].pk), stdout=out)
    assert "списка ещё нет" in out.getvalue()
    with pytest.raises(CommandError, match="нет материала 999999"):
        call_command("related", "show", "999999")


def test_the_demo_step_computes_every_list(bulk):
    from polosa.readership import demo
    from polosa.readership.models import RelatedArticle

    out = io.StringIO()
    demo.populate(stdout=out)
    assert out.getvalue() == "Списков «Читайте также»: 3"
    assert RelatedArticle.objects.values("article").distinct().count() == 3

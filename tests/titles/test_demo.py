import io

from polosa.titles import demo
from polosa.titles.models import Title


def test_demo_titles_are_forty_with_series_seasons():
    specs = demo.demo_titles()
    assert len(specs) == 40
    assert len({(spec["name"], spec["season"]) for spec in specs}) == 40
    assert any(spec["kind"] == "series" and spec["season"] == 2 for spec in specs)


def test_populate_creates_titles_votes_and_links_reviews(article_factory):
    review = article_factory("Рецензия на фильм «Часовщик»: тихая драма о большом", kind="review")
    out = io.StringIO()
    demo.populate(stdout=out)
    assert Title.objects.count() == 40
    review.refresh_from_db()
    assert review.reviewed_title.name == "Часовщик"
    assert Title.objects.filter(votes_count__gte=10).exists()
    assert Title.objects.filter(votes_count=0).exists()
    assert all(t.poster_id for t in Title.objects.all())
    demo.populate(stdout=out)  # a rerun adds nothing
    assert Title.objects.count() == 40


def test_a_series_review_links_to_the_named_season_and_never_to_a_film(article_factory):
    from polosa.news.demo_text import SERIES_NAMES

    series = article_factory(
        f"Рецензия на сериал «{SERIES_NAMES[0]}»: второй сезон лучше первого", kind="review"
    )
    mismatch = article_factory(
        "Рецензия на сериал «Часовщик»: второй сезон лучше первого", kind="review"
    )
    demo.populate(stdout=io.StringIO())
    series.refresh_from_db()
    mismatch.refresh_from_db()
    assert (series.reviewed_title.kind, series.reviewed_title.season) == ("series", 2)
    assert mismatch.reviewed_title is None  # «Часовщик» is a film in the demo

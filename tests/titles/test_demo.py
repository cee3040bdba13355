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

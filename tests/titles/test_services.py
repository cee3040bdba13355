"""Writes of the ratings purge exactly what shows the titles."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_edited_title_purges_its_page_cards_reviews_and_the_ratings(title_factory, purged):
    title = title_factory("Ледяной берег")
    purged.clear()
    title.name = "Ледяной берег: начало"
    title.save()
    assert purged.keys == {f"title-{title.pk}", "ratings"}


def test_block_settings_purge_the_ratings_block_only(title_factory, purged):
    from wagtail.models import Site

    from polosa.titles.models import RatingsSettings

    settings = RatingsSettings.for_site(Site.objects.get(is_default_site=True))
    purged.clear()
    settings.mode = RatingsSettings.Mode.NEWEST
    settings.save()
    assert purged.keys == {"ratings"}

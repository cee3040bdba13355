"""The demo's live blogs: one finished evening of 30+ entries, one still going."""

import pytest

from polosa.live import demo
from polosa.live.models import LiveBlogPage, LiveEntry

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_evening_and_a_live_blog(client, rubrics, settings):
    settings.POLOSA_PAGE_CACHE_SECONDS = 0
    demo.populate()
    finished = LiveBlogPage.objects.get(status="finished")
    live = LiveBlogPage.objects.get(status="live")
    entries = list(finished.entries.order_by("shown_at"))
    assert len(entries) >= 30
    assert (entries[-1].shown_at - entries[0].shown_at).total_seconds() >= 3 * 3600
    assert finished.coverage_end == entries[-1].shown_at
    assert live.entries.exists() and live.coverage_end is None and live.telegram_key_events
    for blog in (finished, live):
        response = client.get(blog.url)
        assert response.status_code == 200
        assert response.content.decode().count('<article class="live-entry') == blog.entries.count()
    demo.populate()  # a rerun adds nothing
    assert LiveBlogPage.objects.count() == 2
    assert LiveEntry.objects.count() == len(demo.FINISHED_ENTRIES) + len(demo.LIVE_ENTRIES)

"""The whole-page cache and the per-generation memos keyed by the same number."""

import pytest
from django.core.cache import caches

from polosa.core import pagecache


def test_a_memo_is_computed_once_per_generation():
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731

    assert pagecache.per_generation("answer", compute) == 1
    assert pagecache.per_generation("answer", compute) == 1
    pagecache.invalidate_public_pages("test")
    assert pagecache.per_generation("answer", compute) == 2


def test_a_memo_is_renewed_after_its_lifetime_even_without_a_bump(monkeypatch):
    values = iter([1, 2])
    assert pagecache.per_generation("clock", lambda: next(values)) == 1
    monkeypatch.setattr(pagecache, "MEMO_SECONDS", -1.0)
    assert pagecache.per_generation("clock", lambda: next(values)) == 2


def test_a_bump_made_by_another_process_is_seen():
    first = pagecache.generation()
    caches["shared"].incr(pagecache.GENERATION_KEY)  # another process's invalidation
    assert pagecache.generation() == first + 1


@pytest.mark.django_db(transaction=True)
def test_a_bump_inside_a_transaction_is_repeated_when_it_commits():
    from django.db import transaction

    before = pagecache.generation()
    with transaction.atomic():
        pagecache.invalidate_public_pages("test")
        inside = pagecache.generation()
    assert inside == before + 1
    assert pagecache.generation() == before + 2


@pytest.mark.django_db
def test_changed_outlet_settings_show_on_the_next_page(client, rubrics):
    from wagtail.models import Site

    from polosa.core.models import OutletSettings

    assert "Полоса" in client.get("/").content.decode()
    settings = OutletSettings.for_site(Site.objects.get(is_default_site=True))
    settings.outlet_name = "Вечерний курьер"
    settings.save()
    assert "Вечерний курьер" in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_renamed_rubric_shows_once_it_is_published(client, rubrics):
    assert "Кино" in client.get("/").content.decode()
    rubric = rubrics[2]
    rubric.title = "Кино и сериалы"
    rubric.save_revision().publish()
    assert "Кино и сериалы" in client.get("/").content.decode()

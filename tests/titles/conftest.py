import pytest


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Measure the views themselves, not the whole-page cache in front of them."""
    settings.POLOSA_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def title_factory(db):
    from polosa.titles.models import Title

    def make(name: str = "Тихая гавань", **fields):
        return Title.objects.create(name=name, **fields)

    return make

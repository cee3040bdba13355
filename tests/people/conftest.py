import pytest


@pytest.fixture(autouse=True)
def _no_page_cache_and_private_matcher_cache(settings, tmp_path):
    """Measure the views, not the page cache; keep compiled matchers out of var/."""
    settings.POLOSA_PAGE_CACHE_SECONDS = 0
    settings.POLOSA_PEOPLE_CACHE_DIR = str(tmp_path / "matchers")


@pytest.fixture
def person_factory(db):
    from polosa.people.models import Person

    def make(name: str, registry_name: str = "", **fields):
        return Person.objects.create(name=name, registry_name=registry_name, **fields)

    return make


@pytest.fixture
def article_about(article_factory):
    """An article whose body is the given paragraphs."""
    from wagtail.rich_text import RichText

    def make(*paragraphs: str, title: str | None = None, **fields):
        body = [("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs]
        return article_factory(title, body=body, **fields)

    return make

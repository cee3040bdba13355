"""The readers' search page: what it finds, how it orders and shows it, and what it never
shows."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish an article through Wagtail (a revision), as an editor does, and let what
    waits for the commit run."""

    def run(article):
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
        return article

    return run


@pytest.fixture
def published(article_factory, publish):
    def make(title, **fields):
        return publish(article_factory(title, **fields))

    return make


def paragraph(text: str):
    from wagtail.rich_text import RichText

    return ("paragraph", RichText(f"<p>{text}</p>"))


def titles(response) -> list[str]:
    tree = lxml_html.fromstring(response.content.decode())
    return [
        " ".join(a.text_content().split()) for a in tree.xpath("//li[@class='search-result']/h2/a")
    ]


def test_smoke(client, published):
    published("Перепёлкин открыл выставку", body=[paragraph("Выставки Перепёлкина идут в Москве.")])
    response = client.get("/search/", {"q": "перепелкина"})
    assert response.status_code == 200, response.content[:2000]
    assert titles(response) == ["Перепёлкин открыл выставку"]
    print(response.content.decode()[-3000:])

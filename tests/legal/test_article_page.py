"""The article page: stars, footnotes, the plaque; the archive follows the registry; the
page stays within its query budget."""

from __future__ import annotations

import pytest
from wagtail.rich_text import RichText

from polosa.legal.models import RegistryEntry
from polosa.news.content import ensure_author
from tests.core.pages import forget_page
from tests.text import plain

pytestmark = pytest.mark.django_db

BODY = (
    "<p>Вчера Аркадий Перепёлкин выступил в <a href='/x'>Инстаграме</a>. "
    "Позже Перепёлкин повторил то же в Facebook.</p>"
)


@pytest.fixture
def article(fresh_registry, article_factory):
    return article_factory(
        "Выступление в сети", body=[("paragraph", RichText(BODY))], source_name="ИА «Вектор»"
    )


def test_stars_and_footnotes(client, article):
    page = client.get(article.url).content.decode()
    assert "Аркадий Перепёлкин*" in page
    assert "Инстаграме</a>**" in page or "Инстаграме**</a>" in page
    assert "Позже Перепёлкин повторил" in page  # later mentions: no stars by default
    assert "* Перепёлкин Аркадий Семёнович признан иностранным агентом в РФ" in page
    assert (
        "** Деятельность компании Meta Platforms Inc. (Facebook и Instagram) на территории РФ "
        "запрещена" in page
    )
    assert "legal-plaque" not in page


def test_repeat_stars_setting(client, article, settings):
    settings.POLOSA_LEGAL_REPEAT_STARS = True
    page = client.get(article.url).content.decode()
    assert "Позже Перепёлкин* повторил" in page


def test_plaque_for_a_foreign_agent_author(client, fresh_registry, article_factory):
    author = ensure_author("Вероника Загорская")
    article = article_factory(
        "Колонка", authors=[author], body=[("paragraph", RichText("<p>Текст.</p>"))]
    )
    page = client.get(article.url).content.decode()
    assert "ИНОСТРАННЫМ АГЕНТОМ ЗАГОРСКОЙ ВЕРОНИКОЙ ПАВЛОВНОЙ" in page
    assert "ИНОСТРАННОГО АГЕНТА ЗАГОРСКОЙ ВЕРОНИКИ ПАВЛОВНЫ" in page


def test_plaque_for_a_foreign_agent_source(client, fresh_registry, article_factory):
    article = article_factory("Перепечатка", source_name="Фонд «Открытый горизонт»")
    page = client.get(article.url).content.decode()
    assert "legal-plaque" in page and "ИНОСТРАННЫМ АГЕНТОМ" in page


def test_a_registry_change_relabels_published_articles_and_purges_the_page(
    client, fresh_registry, article_factory
):
    article = article_factory(
        "Гроза", body=[("paragraph", RichText("<p>Движение «Гроза» провело акцию.</p>"))]
    )
    first = client.get(article.url)
    assert "«Гроза»*" not in first.content.decode()
    # (Other apps may finish their own first-view work and purge once: allow one more miss.)
    caches = [client.get(article.url)["X-Polosa-Cache"] for _ in range(2)]
    assert caches[-1] == "hit"
    RegistryEntry.objects.create(
        external_id="ex-groza",
        kind="extremist",
        entity_type="organisation",
        name="Движение «Гроза»",
    )
    again = client.get(article.url)
    assert again["X-Polosa-Cache"] == "miss"
    assert "«Гроза»*" in again.content.decode()
    assert "деятельность организации запрещена на территории РФ" in again.content.decode()


def test_feed_function_labels_too(fresh_registry):
    from polosa import legal

    labelled = legal.label_html("<p>Пост в Инстаграме.</p>")
    assert labelled.html == "<p>Пост в Инстаграме*.</p>"
    assert labelled.footnotes_text.startswith("* Деятельность компании Meta")


def test_labels_add_no_query_to_the_article_page(article, django_assert_num_queries):
    """Labelling costs the page nothing in queries once a worker has its matcher: the only
    query is the authors' list, which the byline and metadata then reuse."""
    from polosa import legal
    from polosa.news.models import ArticlePage

    html = str(article.body.render_as_block())
    legal.label_article(ArticlePage.objects.get(pk=article.pk), html)  # warm the matcher
    page = ArticlePage.objects.get(pk=article.pk)
    with django_assert_num_queries(1):
        labelled = legal.label_article(page, html)
    with django_assert_num_queries(0):
        assert page.author_list is page.author_list
    assert labelled.footnotes


def test_article_page_query_budget(client, article, django_assert_num_queries, settings):
    """With registry entries loaded, an uncached article page still takes 3 (the
    article, its authors, its tags; labels come from the stored text)."""
    client.get(article.url)
    forget_page(article.url)
    client.get(article.url)
    forget_page(article.url)
    with django_assert_num_queries(3):
        response = client.get(article.url)
    assert response["X-Polosa-Cache"] == "miss"


def test_headline_lead_and_body_are_numbered_as_one_text(client, fresh_registry, article_factory):
    """Stars run headline → lead → body in order of first appearance, one footnote each;
    a mention already starred in the headline gets no new star in the body."""
    article = article_factory(
        "Аркадий Перепёлкин ушёл из Facebook",
        lead="Его фонд «Открытый горизонт» & партнёры <ничего> не объяснили.",
        body=[
            (
                "paragraph",
                RichText(
                    "<p>Перепёлкин написал об этом в Инстаграме. "
                    "Вероника Загорская его поддержала.</p>"
                ),
            )
        ],
    )
    page = client.get(article.url).content.decode()
    assert '<h1 class="article__title">Аркадий Перепёлкин* ушёл из Facebook**</h1>' in plain(page)
    assert (
        '<p class="article__lead">Его фонд «Открытый горизонт»*** &amp; партнёры '
        "&lt;ничего&gt; не объяснили.</p>"
    ) in plain(page)
    # Meta is starred in the headline already (Facebook); the body's new entity comes next.
    assert "Перепёлкин написал об этом в Инстаграме. Вероника Загорская**** его" in plain(page)
    footnotes = page[page.index('class="footnotes"') :]
    footnotes = footnotes[: footnotes.index("</section>")]
    assert footnotes.count("<p>") == 4
    assert "<p>* Перепёлкин Аркадий Семёнович признан иностранным агентом в РФ</p>" in footnotes
    assert "<p>** Деятельность компании Meta Platforms Inc." in footnotes
    assert "<p>*** Фонд «Открытый горизонт» — организация, признанная" in footnotes
    assert "<p>**** Загорская Вероника Павловна признана иностранным агентом в РФ</p>" in footnotes
    # The window title stays clean.
    assert "<title>Аркадий Перепёлкин ушёл из Facebook" in plain(page)


def test_label_article_returns_marked_escaped_headline_and_lead(fresh_registry, article_factory):
    from polosa import legal

    article = article_factory("Meta & <Ко>", lead="", body=[])
    labelled = legal.label_article(article, "<p>Вновь Meta.</p>")
    assert labelled.title_html == "Meta* &amp; &lt;Ко&gt;"
    assert labelled.lead_html == ""
    assert labelled.html == "<p>Вновь Meta.</p>"
    assert [f.stars for f in labelled.footnotes] == ["*"]


def test_a_review_mention_in_the_headline_blocks_publishing(fresh_registry, article_factory):
    from polosa.legal import gate

    RegistryEntry.objects.create(
        external_id="fa-orlov",
        kind="foreign_agent",
        entity_type="person",
        name="Орлов Пётр Ильич",
    )
    article = article_factory("Орлов выступил на митинге", live=False, body=[])
    rows = gate.pending_reviews(article)
    assert [row.matched_text for row in rows] == ["Орлов"]

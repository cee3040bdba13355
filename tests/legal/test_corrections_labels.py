"""Correction notes carry legal labels like the article's text: a note naming a foreign
agent gets the star (numbered after the body's) and the footnote, on the page and in the
feeds; an entity the body already marked keeps its one footnote; an uncertain mention in a
new note stops its publication like one in the body; the channel post, which shows no
notes, gets no footnote of theirs."""

from __future__ import annotations

import feedparser
import pytest
from lxml import html as lxml_html
from wagtail.rich_text import RichText

from polosa.distribution import telegram
from polosa.legal import gate
from polosa.legal.models import MentionReview, RegistryEntry
from polosa.news import services
from polosa.news.models import ArticlePage

pytestmark = pytest.mark.django_db

AGENT_NOTE = "В первой версии не было сказано, что выступал Аркадий Перепёлкин."
AGENT_FOOTNOTE = "Перепёлкин Аркадий Семёнович признан иностранным агентом в РФ"
META_FOOTNOTE = "Деятельность компании Meta Platforms Inc."


@pytest.fixture
def article(fresh_registry, article_factory):
    return article_factory(
        "Выступление", body=[("paragraph", RichText("<p>Запись выложили в Instagram.</p>"))]
    )


def page_parts(client, article) -> tuple[str, str]:
    """(the corrections section's text, the footnotes' text) of the article's page."""
    tree = lxml_html.fromstring(client.get(ArticlePage.objects.get(pk=article.pk).url).content)
    (notes,) = tree.xpath('//section[@class="article__corrections"]')
    (footnotes,) = tree.xpath('//section[@class="footnotes"]')
    return notes.text_content(), footnotes.text_content()


def test_a_note_naming_a_foreign_agent_gets_the_next_star_and_the_footnote(client, article):
    services.publish_correction(article, AGENT_NOTE)
    notes, footnotes = page_parts(client, article)
    assert "Аркадий Перепёлкин**." in notes
    assert f"* {META_FOOTNOTE}" in footnotes
    assert f"** {AGENT_FOOTNOTE}" in footnotes


def test_an_entity_the_body_marked_keeps_its_one_footnote(client, fresh_registry, article_factory):
    body = "<p>Выступал Аркадий Перепёлкин.</p>"
    article = article_factory("Концерт", body=[("paragraph", RichText(body))])
    services.publish_correction(article, "Уточнено: Перепёлкин выступал вторым.")
    notes, footnotes = page_parts(client, article)
    assert "Перепёлкин выступал" in notes and "*" not in notes  # first mention only
    assert footnotes.count(AGENT_FOOTNOTE) == 1


def test_a_note_without_mentions_is_shown_as_written(client, article):
    services.publish_correction(article, "Исправлена опечатка в подписи <к фото>.")
    notes, _footnotes = page_parts(client, article)
    assert "Исправлена опечатка в подписи <к фото>." in notes.replace("\xa0", " ")


@pytest.mark.parametrize("path", ["/feeds/rss/", "/feeds/atom/"])
def test_feeds_carry_the_notes_stars_and_footnote(client, article, path):
    services.publish_correction(article, AGENT_NOTE)
    feed = feedparser.parse(client.get(path).content)
    (item,) = [e for e in feed.entries if e.title.startswith("Выступление")]
    # The summary has no body: the note's mention is its first, with its footnote.
    assert "Аркадий Перепёлкин*." in item.summary
    assert f"* {AGENT_FOOTNOTE}" in item.summary


def test_an_uncertain_mention_in_a_new_note_stops_its_publication(fresh_registry, article):
    RegistryEntry.objects.create(
        external_id="fa-orlov", kind="foreign_agent", entity_type="person", name="Орлов Пётр Ильич"
    )
    from polosa.legal import registry

    registry.forget()
    with pytest.raises(gate.PublishingBlocked, match="«Орлов»"):
        services.publish_correction(article, "Уточнено: выступал и Орлов.")
    assert MentionReview.objects.get(entry_key="fa-orlov").decision == "pending"
    assert not ArticlePage.objects.get(pk=article.pk).corrections.exclude(published_at=None)


def test_the_channel_post_shows_no_footnote_of_a_note(fresh_registry, article_factory):
    article = article_factory(
        "Выступление",
        lead="Запись выложили в Instagram.",
        body=[("paragraph", RichText("<p>Текст.</p>"))],
    )
    services.publish_correction(article, AGENT_NOTE)
    message = telegram.compose(ArticlePage.objects.get(pk=article.pk))
    assert META_FOOTNOTE in message.text
    assert AGENT_FOOTNOTE not in message.text

"""Corrections beyond the page: the article's JSON-LD and sitemaps date it by its latest
correction, every feed carries the notes and a new updated date, and a correction of the
headline or lead edits the channel post once, through the outbox."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree, html

from polosa.core import dates
from polosa.distribution import telegram
from polosa.distribution.models import TelegramPost
from polosa.news import services
from polosa.news.models import ArticleCorrection, ArticlePage

pytestmark = pytest.mark.django_db

NOTE = "Название фильма в подписи к кадру было указано неверно."
SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def corrected(article, text: str = NOTE) -> ArticleCorrection:
    services.publish_correction(article, text)
    return ArticleCorrection.objects.filter(page=article).order_by("-published_at").first()


def label(note: ArticleCorrection) -> str:
    """«Исправлено 1 декабря, 18:20» as readers see it (the year only in another year)."""
    moment = timezone.localtime(note.published_at)
    return "Исправлено " + dates.format_published(moment, timezone.now(), moment.tzinfo)


def whole_seconds(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(microsecond=0)


def json_ld(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    scripts = html.fromstring(response.content).xpath('//script[@type="application/ld+json"]')
    [article] = [
        d for d in map(json.loads, (s.text for s in scripts)) if d["@type"] == "NewsArticle"
    ]
    return article


# -- structured data and sitemaps --------------------------------------------------------------
def test_json_ld_dates_the_article_by_its_latest_correction_and_lists_the_notes(client, newsroom):
    review = newsroom["review"]
    before = json_ld(client, review.url)
    assert before["dateModified"] == before["datePublished"]
    assert "correction" not in before

    first = corrected(review, "Исправлена фамилия режиссёра.")
    latest = corrected(review)
    after = json_ld(client, review.url)
    assert after["datePublished"] == before["datePublished"]
    assert after["dateModified"] == whole_seconds(latest.published_at).isoformat()
    assert after["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": note.text,
            "datePublished": whole_seconds(note.published_at).isoformat(),
        }
        for note in (latest, first)
    ]
    # The shape search engines read is intact.
    assert after["@context"] == "https://schema.org"
    for key in ("headline", "image", "author", "publisher", "mainEntityOfPage", "datePublished"):
        assert after[key], key
    assert datetime.fromisoformat(after["dateModified"]).utcoffset() == timedelta(hours=3)


def test_a_republication_without_a_correction_does_not_move_date_modified(client, newsroom):
    review = newsroom["review"]
    note = corrected(review)
    page = ArticlePage.objects.get(pk=review.pk)
    page.save_revision().publish()
    assert json_ld(client, review.url)["dateModified"] == (
        whole_seconds(note.published_at).isoformat()
    )


@pytest.mark.parametrize("sitemap", ["/sitemap-articles.xml", "/sitemap-news.xml"])
def test_sitemaps_date_the_article_by_its_correction(sitemap, client, newsroom):
    review = newsroom["review"]
    note = corrected(review)
    root = etree.fromstring(client.get(sitemap).content)
    [url] = [
        u for u in root.iter(f"{{{SM}}}url") if u.findtext(f"{{{SM}}}loc").endswith(review.url)
    ]
    lastmod = datetime.fromisoformat(url.findtext(f"{{{SM}}}lastmod"))
    assert lastmod >= whole_seconds(note.published_at)
    assert lastmod > review.published_at


# -- feeds -------------------------------------------------------------------------------------
def feed_item(client, fmt: str, article) -> tuple[dict, etree._Element | None]:
    response = client.get(f"/feeds/{fmt}/")
    assert response.status_code == 200
    if fmt == "json":
        [item] = [
            i for i in json.loads(response.content)["items"] if i["url"].endswith(article.url)
        ]
        return item, None
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    [entry] = [e for e in parsed.entries if e.link.endswith(article.url)]
    return entry, etree.fromstring(response.content)


def test_rss_carries_the_note_in_the_description(client, newsroom):
    review = newsroom["review"]
    note = corrected(review)
    entry, _ = feed_item(client, "rss", review)
    assert f"<b>{label(note)}:</b> {note.text}" in entry.summary
    assert entry.summary.index(label(note)) > entry.summary.index("Фильм")
    published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
    assert published == whole_seconds(review.published_at)  # pubDate stays the publication's


def test_atom_moves_updated_and_carries_the_note(client, newsroom):
    review = newsroom["review"]
    entry, _ = feed_item(client, "atom", review)
    assert entry.updated == entry.published
    note = corrected(review)
    entry, _ = feed_item(client, "atom", review)
    assert datetime.fromisoformat(entry.updated) == note.published_at
    assert datetime.fromisoformat(entry.published) == review.published_at
    assert f"{label(note)}:" in entry.summary and note.text in entry.summary


def test_json_feed_moves_date_modified_and_carries_the_note(client, newsroom):
    review = newsroom["review"]
    note = corrected(review)
    item, _ = feed_item(client, "json", review)
    assert datetime.fromisoformat(item["date_modified"]) == whole_seconds(note.published_at)
    assert item["date_published"] != item["date_modified"]
    assert f"<p><b>{label(note)}:</b> {note.text}</p>" in item["content_html"]


def test_dzen_carries_the_note_in_the_full_text_after_the_body(client, newsroom):
    review = newsroom["review"]
    note = corrected(review)
    _, root = feed_item(client, "dzen", review)
    [item] = [i for i in root.iter("item") if i.findtext("link").endswith(review.url)]
    content = item.find(CONTENT).text
    assert f"<p><b>{label(note)}:</b> {note.text}</p>" in content
    assert content.index("Первый") < content.index(label(note))


def test_feeds_read_the_notes_of_all_their_articles_in_one_query(
    client, newsroom, django_assert_num_queries
):
    """The RSS feed's pin (7 queries) plus one for the notes of every corrected article."""
    from polosa.core import taggedcache

    corrected(newsroom["review"])
    corrected(newsroom["news"], "Уточнено время.")
    corrected(newsroom["news"], "Уточнено место.")
    client.get("/feeds/rss/")
    taggedcache.store().clear()
    with django_assert_num_queries(8):
        content = client.get("/feeds/rss/").content.decode()
    assert content.count("Исправлено ") == 3


# -- Telegram ----------------------------------------------------------------------------------
def publish(page, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def correct(article, django_capture_on_commit_callbacks, text: str, **changes) -> None:
    """What an editor does: change the article and add a note in the form, then publish."""
    page = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.corrections.add(ArticleCorrection(text=text))
    publish(page, django_capture_on_commit_callbacks)


def drain(fake_clock, rounds: int = 6, step: float = 10) -> None:
    for _ in range(rounds):
        telegram.deliver()
        fake_clock.advance(step)


@pytest.fixture
def posted(bot, fake_clock, article_factory, image_factory, django_capture_on_commit_callbacks):
    """An article whose photo post is in the channel (message 101)."""
    article = article_factory(
        "Премьеру перенесли на март",
        lead="Фильм Игоря Светлова выйдет позже.",
        main_image=image_factory(),
        body=[("paragraph", "<p>Прокатчик назвал причину.</p>")],
    )
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    assert [call.method for call in bot.posts()] == ["sendPhoto"]
    return article


@pytest.mark.parametrize(
    ("changed", "value", "expected"),
    [
        ("title", "Премьеру перенесли на апрель", "<b>Премьеру перенесли на апрель</b>"),
        ("lead", "Фильм Игоря Светлова выйдет в апреле.", "выйдет в апреле"),
    ],
)
def test_a_headline_or_lead_correction_edits_the_post_once(
    changed, value, expected, posted, bot, fake_clock, django_capture_on_commit_callbacks
):
    correct(
        posted, django_capture_on_commit_callbacks, "Исправлен месяц премьеры.", **{changed: value}
    )
    assert TelegramPost.objects.get().action == TelegramPost.Action.EDIT  # waits in the outbox
    drain(fake_clock)
    [edit] = bot.edit_calls()
    assert edit.method == "editMessageCaption" and edit.outcome == "ok"
    assert edit.params["message_id"] == 101 and expected in edit.params["caption"]
    assert expected in bot.messages[101]["text"]
    row = TelegramPost.objects.get()
    assert row.action == "" and expected in row.sent_text and row.last_error == ""
    publish(ArticlePage.objects.get(pk=posted.pk), django_capture_on_commit_callbacks)
    drain(fake_clock)
    assert len(bot.edit_calls()) == 1 and len(bot.posts()) == 1


def test_a_correction_of_the_body_only_leaves_the_post_alone(
    posted, bot, fake_clock, django_capture_on_commit_callbacks
):
    body = [("paragraph", "<p>Прокатчик назвал другую причину.</p>")]
    correct(posted, django_capture_on_commit_callbacks, "Уточнена причина переноса.", body=body)
    drain(fake_clock)
    assert bot.edit_calls() == []
    assert TelegramPost.objects.get().action == ""


def test_an_edit_refused_by_an_outage_is_retried(
    posted, bot, fake_clock, django_capture_on_commit_callbacks
):
    bot.script = ["500", "drop"]
    correct(
        posted,
        django_capture_on_commit_callbacks,
        "Исправлен заголовок.",
        title="Премьера в апреле",
    )
    telegram.deliver()
    row = TelegramPost.objects.get()
    assert row.action == TelegramPost.Action.EDIT and row.last_error  # still waiting
    drain(fake_clock)
    assert [call.outcome for call in bot.edit_calls()] == ["500", "drop", "ok"]
    assert "Премьера в апреле" in bot.messages[101]["text"]
    row = TelegramPost.objects.get()
    assert row.action == "" and row.state == TelegramPost.State.SENT


def test_message_is_not_modified_counts_as_done(
    posted, bot, fake_clock, django_capture_on_commit_callbacks
):
    """The channel already reads as the correction wants (an earlier edit whose answer was
    lost): Telegram refuses the edit as «not modified», and the outbox takes that as done."""
    correct(
        posted,
        django_capture_on_commit_callbacks,
        "Исправлен заголовок.",
        title="Премьера в апреле",
    )
    wanted = telegram.compose(ArticlePage.objects.get(pk=posted.pk), "photo").text
    bot.messages[101]["text"] = wanted
    drain(fake_clock)
    [edit] = bot.edit_calls()
    assert edit.outcome == "ok"  # the fake answered it, with the refusal
    row = TelegramPost.objects.get()
    assert row.action == "" and row.state == TelegramPost.State.SENT and row.last_error == ""
    assert row.sent_text == wanted and row.attempts == 0


def test_the_outbox_names_the_correction_that_edits_the_post(
    posted, bot, fake_clock, admin_client, django_capture_on_commit_callbacks
):
    correct(
        posted, django_capture_on_commit_callbacks, "Исправлен месяц.", title="Премьера в апреле"
    )
    note = ArticleCorrection.objects.get()
    listing = html.fromstring(
        admin_client.get(reverse("wagtailsnippets_distribution_telegrampost:list")).content
    )
    [row] = listing.xpath("//table[contains(@class, 'listing')]/tbody/tr")
    text = " ".join(row.text_content().split())
    assert f"{label(note)}: Исправлен месяц." in text
    assert "Отправлен, ждёт исправления" in text

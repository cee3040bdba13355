"""A legal reviewer's decision reaches readers the same way from every admin screen: the
article's review page and the «Проверка упоминаний» list (Wagtail's snippet edit view)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.rich_text import RichText

from polosa.distribution import telegram
from polosa.legal.models import MentionReview

from .conftest import UNCERTAIN
from .test_telegram import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client):
    user = User.objects.create_superuser("lawyer", "lawyer@example.com", "pw")
    client.force_login(user)
    return user


def snippet_edit_url(review) -> str:
    return reverse("wagtailsnippets_legal_mentionreview:edit", args=[review.pk])


def decide_from_the_list(client, review, decision: str):
    return client.post(snippet_edit_url(review), {"decision": decision}, follow=True)


@pytest.mark.parametrize("screen", ["review page", "snippet list"])
def test_a_decision_updates_the_page_the_feeds_and_the_channel_post(
    screen,
    client,
    reviewer,
    settings,
    bot,
    fake_clock,
    article_factory,
    decide_mentions,
    django_capture_on_commit_callbacks,
):
    from django.test import Client

    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    reader = Client()
    article = article_factory(
        "Митинг у реки", lead=UNCERTAIN, body=[("paragraph", RichText(f"<p>{UNCERTAIN}</p>"))]
    )
    decide_mentions(article, "dismissed")
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    assert "Орлов*" not in reader.get(article.url).content.decode()  # stored now
    assert "Орлов*" not in reader.get("/feeds/rss/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        for review in MentionReview.objects.filter(article_id=article.pk):
            if screen == "snippet list":
                assert decide_from_the_list(client, review, "confirmed").status_code == 200
            else:
                url = reverse("legal_reviews", args=[article.pk])
                client.post(url, {"review": review.pk, "decision": "confirmed"})
    telegram.deliver()

    review = MentionReview.objects.filter(article_id=article.pk).first()
    assert review.decision == "confirmed" and review.decided_by == reviewer
    assert "Орлов* выступил" in reader.get(article.url).content.decode()
    assert "Орлов* выступил" in reader.get("/feeds/rss/").content.decode()
    [edit] = bot.delivered("editMessageText")
    assert "Вчера Орлов* выступил" in edit.params["text"]

"""The Telegram outbox in the admin: each post shows its article's headline (linked to the
editor), its text as sent or as it would be sent, its state in words and its link in the
channel; a failed or uncertain post is sent again after a confirmation (an uncertain one
may then appear twice, and the confirmation says so); nobody adds a post by hand; without
a token the outbox says nothing is sent and shows what would be."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html

from polosa.distribution import telegram
from polosa.distribution.models import TelegramPost

pytestmark = pytest.mark.django_db

State = TelegramPost.State
LIST = "wagtailsnippets_distribution_telegrampost:list"
ADD = "wagtailsnippets_distribution_telegrampost:add"
PREVIEW = ".//div[contains(@class, 'telegram-preview')]"
DUPLICATE_WARNING = (
    "Пост мог уже появиться в канале: проверьте канал, прежде чем отправлять ещё раз"
)


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def post_for(article_factory):
    """``post_for(state, **fields)``: an outbox row for a new public article."""

    def make(
        state: str, title: str = "Пожар уничтожил склад", main_image=None, **fields
    ) -> TelegramPost:
        article = article_factory(title, lead="Огонь потушили к утру.", main_image=main_image)
        return TelegramPost.objects.create(
            article=article, chat_id="@polosa_test", state=state, **fields
        )

    return make


def page(response) -> lxml_html.HtmlElement:
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def rows(document) -> list[lxml_html.HtmlElement]:
    return document.xpath("//table[contains(@class, 'listing')]/tbody/tr")


def send_again_url(post: TelegramPost) -> str:
    return reverse("distribution_telegram_send_again", args=[post.pk])


def test_the_list_shows_headline_text_state_and_link(bot, admin_client, post_for):
    sent = post_for(
        State.SENT,
        message_id=101,
        sent_text="<b>Пожар уничтожил склад</b>\n\nОгонь потушили.",
        sent_at=datetime(2021, 3, 28, 17, 53, tzinfo=UTC),
    )
    document = page(admin_client.get(reverse(LIST)))
    [row] = rows(document)
    headline = row.xpath(".//td//a")[0]
    assert headline.text_content() == "Пожар уничтожил склад"
    assert headline.get("href") == reverse("wagtailadmin_pages:edit", args=[sent.article_id])
    [preview] = row.xpath(PREVIEW)
    assert preview.xpath(".//b")[0].text_content() == "Пожар уничтожил склад"
    assert "Огонь потушили." in preview.text_content()
    assert "Отправлен" in row.text_content()
    assert "28 марта 2021, 20:53" in row.text_content()  # Moscow time
    assert row.xpath('.//a[@href="https://t.me/polosa_test/101"]')
    assert "Отправить ещё раз" not in row.text_content()


@pytest.mark.parametrize(
    ("state", "fields", "words", "resendable"),
    [
        (State.SENT, {"message_id": 7}, "Отправлен", False),
        (State.PENDING, {}, "В очереди", False),
        (State.SENDING, {}, "Отправляется", False),
        (State.FAILED, {"last_error": "Bad Request: chat not found"}, "Ошибка: Bad Request", True),
        (State.UNCERTAIN, {}, "Неизвестно, дошёл ли пост", True),
        (State.CANCELLED, {}, "Отменён", False),
    ],
)
def test_the_state_in_words_and_send_again_only_when_failed_or_uncertain(
    bot, admin_client, post_for, state, fields, words, resendable
):
    post = post_for(state, **fields)
    [row] = rows(page(admin_client.get(reverse(LIST))))
    assert words in row.text_content()
    assert bool(row.xpath(f'.//a[@href="{send_again_url(post)}"]')) is resendable


def test_a_post_not_yet_sent_shows_the_text_it_would_have(bot, admin_client, post_for):
    post_for(State.PENDING, title="Мост закрыт")
    [row] = rows(page(admin_client.get(reverse(LIST))))
    [preview] = row.xpath(PREVIEW)
    assert preview.xpath(".//b")[0].text_content() == "Мост закрыт"
    assert "Огонь потушили к утру." in preview.text_content()
    assert "Читать на сайте" in preview.text_content()


@pytest.mark.parametrize(
    ("state", "warns"),
    [(State.FAILED, False), (State.UNCERTAIN, True)],
    ids=["failed", "uncertain"],
)
def test_send_again_asks_then_sends_exactly_one_message(
    bot, fake_clock, admin_client, post_for, state, warns
):
    post = post_for(state, attempts=5, last_error="Internal Server Error")
    confirmation = page(admin_client.get(send_again_url(post)))
    assert (DUPLICATE_WARNING in confirmation.text_content()) is warns
    assert not bot.posts()  # asking is not sending

    response = admin_client.post(send_again_url(post))
    assert response.status_code == 302 and response.url == reverse(LIST)
    telegram.deliver()
    telegram.deliver()

    [message] = bot.posts()
    assert "<b>Пожар уничтожил склад</b>" in message.params["text"]
    post.refresh_from_db()
    assert post.state == State.SENT and post.attempts == 1 and post.message_id is not None


@pytest.mark.parametrize("method", ["get", "post"])
def test_send_again_is_refused_for_a_sent_post(bot, fake_clock, admin_client, post_for, method):
    post = post_for(State.SENT, message_id=101, sent_text="<b>Пожар уничтожил склад</b>")
    response = getattr(admin_client, method)(send_again_url(post))
    assert response.status_code == 302 and response.url == reverse(LIST)
    telegram.deliver()
    assert not bot.posts()
    post.refresh_from_db()
    assert post.state == State.SENT and post.message_id == 101


def test_nobody_adds_or_deletes_a_post_by_hand(bot, admin_client, post_for):
    post = post_for(State.SENT, message_id=1)
    delete = reverse("wagtailsnippets_distribution_telegrampost:delete", args=[post.pk])
    content = admin_client.get(reverse(LIST)).content.decode()
    assert reverse(ADD) not in content and "Добавить пост" not in content
    assert delete not in content
    assert admin_client.get(reverse(ADD)).status_code in (302, 403)
    assert admin_client.post(reverse(ADD), {"state": "pending"}).status_code in (302, 403)
    assert admin_client.post(delete).status_code in (302, 403)
    assert list(TelegramPost.objects.all()) == [post]


def test_without_a_token_the_outbox_says_so_and_shows_what_would_be_posted(
    admin_client, article_factory
):
    article_factory("Выборы мэра", lead="Явка выросла.")
    document = page(admin_client.get(reverse(LIST)))
    assert "в канал ничего не публикуется" in document.text_content()
    [preview] = document.xpath("//section[contains(@class, 'telegram-would-post')]" + PREVIEW[1:])
    assert preview.xpath(".//b")[0].text_content() == "Выборы мэра"
    assert "Явка выросла." in preview.text_content()


@pytest.mark.parametrize("count", [1, 6])
@pytest.mark.parametrize(
    ("state", "fields"),
    [(State.SENT, {"message_id": 1, "sent_text": "<b>x</b>"}), (State.PENDING, {})],
    ids=["sent", "composed"],
)
def test_the_list_costs_the_same_queries_for_any_number_of_posts(
    bot, admin_client, post_for, image_factory, count, state, fields
):
    picture = image_factory()
    for number in range(count):
        post_for(state, title=f"Материал {number}", main_image=picture, **fields)
    admin_client.get(reverse(LIST))  # sessions, site and settings cached as in real use
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse(LIST))
    assert len(rows(page(response))) == count
    assert len(queries) == 8, [query["sql"] for query in queries]


@pytest.mark.parametrize(
    ("link", "message_id"),
    [("https://t.me/polosa_test/555", 555), ("555", 555), ("", None)],
    ids=["link", "number", "unknown"],
)
def test_an_uncertain_post_found_in_the_channel_is_never_sent_again(
    bot, fake_clock, admin_client, post_for, link, message_id
):
    post = post_for(State.UNCERTAIN)
    response = admin_client.post(
        reverse("distribution_telegram_in_channel", args=[post.pk]), {"link": link}
    )
    assert response.status_code == 302 and response.url == reverse(LIST)
    telegram.deliver()
    assert not bot.posts()
    post.refresh_from_db()
    assert post.state == State.SENT and post.message_id == message_id
    assert "<b>Пожар уничтожил склад</b>" in post.sent_text


def test_a_link_that_is_not_a_post_is_asked_again(bot, admin_client, post_for):
    post = post_for(State.UNCERTAIN)
    url = reverse("distribution_telegram_in_channel", args=[post.pk])
    document = page(admin_client.post(url, {"link": "https://t.me/polosa_test"}))
    assert "Вставьте ссылку на пост" in document.text_content()
    post.refresh_from_db()
    assert post.state == State.UNCERTAIN

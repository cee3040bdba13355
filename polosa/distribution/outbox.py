"""The Telegram outbox as editors see it: a post's text, its state in words, its link in
the channel, and the one way to send a failed or uncertain post again.

Reads only: the text comes from :func:`polosa.distribution.telegram.compose`, the same
code that sends; the only write is :func:`send_again`, which puts the row back in the
queue of the ordinary delivery (see ``TELEGRAM.md``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from polosa.distribution import clock, conf, telegram
from polosa.distribution.models import TelegramPost
from polosa.distribution.text import whitelist_html

logger = logging.getLogger(__name__)
State, Action = TelegramPost.State, TelegramPost.Action

#: A post in these states may be sent again by an editor; an ``uncertain`` one may then
#: appear twice in the channel (the Bot API has no idempotency key).
RESENDABLE = (State.FAILED, State.UNCERTAIN)
#: The tags our own composer writes; anything else in a stored text is shown as text.
PREVIEW_TAGS = frozenset({"b", "a"})


class NotResendable(Exception):
    """The post is not failed or uncertain (any more): nothing was queued."""


def can_send_again(post: TelegramPost) -> bool:
    return post.state in RESENDABLE


def may_duplicate(post: TelegramPost) -> bool:
    """Whether sending again may post the article a second time."""
    return post.state == State.UNCERTAIN


def send_again(post: TelegramPost, *, user) -> TelegramPost:
    """Put a failed or uncertain post back in the queue as a first send and wake a worker.

    The update is conditional on the state the editor saw, so two editors pressing the
    button at once (or a worker finishing meanwhile) queue it at most once."""
    queued = TelegramPost.objects.filter(pk=post.pk, state__in=RESENDABLE).update(
        state=State.PENDING,
        action=Action.NONE,
        attempts=0,
        next_attempt_at=clock.now(),
        claim_token="",
        claimed_at=None,
        last_error="",
    )
    if not queued:
        raise NotResendable(post.pk)
    logger.info(
        "telegram: post of article %s (%s) sent again by %s",
        post.article_id,
        post.state,
        getattr(user, "pk", None),
    )
    telegram.wake()
    post.refresh_from_db()
    return post


def confirm_in_channel(post: TelegramPost, *, user, message_id: int | None) -> TelegramPost:
    """An editor found an ``uncertain`` post in the channel: it is sent, never resent.

    The text is recorded as it would be composed now, so a later correction edits it as
    usual; without the message's number a correction cannot reach it (the row says so)."""
    from polosa.news.models import ArticlePage

    article = ArticlePage.objects.select_related("main_image").get(pk=post.article_id)
    message = telegram.compose_post(post, article) or telegram.compose(article)
    confirmed = TelegramPost.objects.filter(pk=post.pk, state=State.UNCERTAIN).update(
        state=State.SENT,
        action=Action.NONE,
        kind=message.kind,
        message_id=message_id,
        sent_text=message.text,
        sent_at=clock.now(),
        claim_token="",
        claimed_at=None,
        last_error=""
        if message_id is not None
        else gettext("Номер сообщения неизвестен: исправления не попадут в канал."),
    )
    if not confirmed:
        raise NotResendable(post.pk)
    logger.info(
        "telegram: post of article %s confirmed in the channel by %s",
        post.article_id,
        getattr(user, "pk", None),
    )
    post.refresh_from_db()
    return post


def parse_message_link(value: str) -> int | None:
    """The message's number from its link (``https://t.me/channel/123``) or the bare
    number; ``None`` for an empty value. Raises ``ValueError`` for anything else."""
    value = value.strip().rstrip("/")
    if not value:
        return None
    tail = value.rsplit("/", 1)[-1].split("?", 1)[0]
    if not tail.isdigit():
        raise ValueError(value)
    return int(tail)


def state_words(post: TelegramPost) -> str:
    """The state as an editor says it."""
    if post.state == State.SENT:
        if post.action == Action.EDIT:
            return gettext("Отправлен, ждёт исправления")
        if post.action == Action.DELETE:
            return gettext("Отправлен, ждёт удаления")
        return gettext("Отправлен")
    if post.state == State.PENDING:
        if post.last_error:
            return gettext("В очереди, повтор после ошибки: %(error)s") % {"error": post.last_error}
        return gettext("В очереди")
    if post.state in (State.CLAIMED, State.SENDING):
        return gettext("Отправляется")
    if post.state == State.UNCERTAIN:
        return gettext("Неизвестно, дошёл ли пост")
    if post.state == State.FAILED:
        return gettext("Ошибка: %(error)s") % {"error": post.last_error or gettext("без описания")}
    if post.state == State.CANCELLED:
        return gettext("Отменён: материал снят с публикации")
    return gettext("Удалён из канала")


def correction_words(note) -> str:
    """«Исправлено 1 декабря, 18:20: …»: the article's latest correction, under its headline
    (a headline or lead correction is what edits a sent post)."""
    from polosa.core import dates

    when = dates.format_published(note.published_at, clock.now())
    return gettext("Исправлено %(time)s") % {"time": when} + f": {note.text}"


def post_time(post: TelegramPost) -> str:
    """When it went to the channel, or when its row last changed (queued, failed…)."""
    from polosa.core import dates

    return dates.format_published(post.sent_at or post.updated_at, clock.now())


def message_url(post: TelegramPost) -> str:
    """``https://t.me/<channel>/<message_id>`` for a post in the channel, else ``""``.

    The channel is the one the post was sent to (its ``chat_id``), not today's setting."""
    if post.message_id is None or post.state not in (State.SENT, State.UNCERTAIN):
        return ""
    chat = post.chat_id.strip()
    if chat.startswith("@"):
        return f"https://t.me/{chat[1:]}/{post.message_id}"
    if chat.startswith("-100") and chat[4:].isdigit():  # a channel known by its id only
        return f"https://t.me/c/{chat[4:]}/{post.message_id}"
    return ""


def preview_text(post: TelegramPost) -> str:
    """The post's Telegram HTML: as sent, or as it would be sent now."""
    if post.sent_text:
        return post.sent_text
    if post.subject:
        message = telegram.compose_post(post, post.article)
        return message.text if message is not None else ""
    return compose_text(post.article)


def compose_text(article) -> str:
    return telegram.compose(article).text


def as_html(telegram_html: str) -> SafeString:
    """Telegram HTML for the admin page: only bold and links kept, lines kept."""
    cleaned = whitelist_html(telegram_html, conf.base_url(), PREVIEW_TAGS)
    return mark_safe(cleaned.replace("\n", "<br>"))


@dataclass(frozen=True)
class WouldPost:
    article: object
    text: SafeString


def would_post(limit: int = 10) -> list[WouldPost]:
    """What the channel would get for the newest public articles (shown without a token)."""
    return [WouldPost(article, as_html(compose_text(article))) for article in recent(limit)]


def recent(limit: int) -> QuerySet:
    from polosa.news.models import ArticlePage

    return (
        ArticlePage.objects.live()
        .public()
        .select_related("main_image")
        .order_by("-published_at", "-pk")[:limit]
    )

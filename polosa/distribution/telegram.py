"""The Telegram outbox: enqueue on publish, claim, send once, edit, delete, rate-limit.

How a post is sent at most once (see ``TELEGRAM.md``):

1. Publishing creates the outbox row; the unique constraint on ``article`` means a second
   publication (or a concurrent one) finds the row instead of making another.
2. A worker *claims* a due row with a conditional update on ``claim_token`` (and, on
   PostgreSQL, picks candidates with ``SELECT … FOR UPDATE SKIP LOCKED``): exactly one
   worker wins; the row becomes ``claimed``.
3. Just before calling Telegram the row is marked ``sending`` and committed. A worker
   that dies while ``claimed`` never called Telegram, so the row is safely taken again
   after ``stale_after``; one that dies while ``sending`` may have posted, so the row
   becomes ``uncertain`` and waits for an editor instead of risking a second post.
4. Failures that Telegram reports (5xx, 429) or that come before an answer (timeouts,
   dropped connections) put the row back to ``pending`` with a backoff.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext

from polosa.core import worker
from polosa.distribution import bot_api, clock, conf
from polosa.distribution.models import TelegramBucket, TelegramPost
from polosa.distribution.text import (
    TELEGRAM_CAPTION_LIMIT,
    TELEGRAM_TEXT_LIMIT,
    telegram_fits_whole,
    telegram_message,
)

logger = logging.getLogger(__name__)
#: Set while an immediate delivery task is queued and not yet started (see :func:`wake`);
#: in Django's default cache (shared through Redis; without it each process coalesces its
#: own wake-ups, and the extra deliveries find nothing to claim).
WAKE_QUEUED_KEY = "polosa:telegram:wake-queued"
WAKE_COALESCE_SECONDS = 30
State, Action, Kind = TelegramPost.State, TelegramPost.Action, TelegramPost.Kind


# --- Composing ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Message:
    kind: str
    text: str
    photo: str = ""
    #: A text post standing in for a photo: the link preview shows the article's picture.
    preview_url: str = ""
    #: False when the legal footnotes had to be cut (an edit of a photo's caption only).
    complete: bool = True


def compose(article, kind: str | None = None) -> Message:
    """The post for an article, of the ``kind`` already sent (for an edit) or the best one.

    A new post is a photo with a caption when the article has a main picture and the
    caption holds the whole headline, the link and every legal footnote in Telegram's
    1 024 characters (the lead is cut to fit). Otherwise it is a text message (4 096
    characters) whose link preview shows the same picture, large, above the text: a long
    footnote never pushes the headline out, and no footnote required by law is cut.
    A sent photo can only have its caption edited; if that cannot hold the footnotes
    either, they are cut, logged and named in the outbox row for an editor."""
    from polosa.distribution import articles

    # The post shows no correction notes: their marks and footnotes stay on the site.
    marked = articles.labelled(article, corrections=False)
    title, lead_html, notes, plaque = marked.title, marked.lead_html, marked.notes, marked.plaque
    url = articles.absolute(articles.page_path(article.url_path))
    lead = articles.html_to_text(lead_html)
    image = articles.picture(article.main_image) if article.main_image_id else None
    parts = {"link_text": gettext("Читать на сайте"), "plaque": plaque}
    if kind is None:
        caption_holds_all = telegram_fits_whole(
            title, url, notes, limit=TELEGRAM_CAPTION_LIMIT, **parts
        )
        kind = Kind.PHOTO if image is not None and caption_holds_all else Kind.TEXT
    limit = TELEGRAM_CAPTION_LIMIT if kind == Kind.PHOTO else TELEGRAM_TEXT_LIMIT
    text = telegram_message(title, lead, url, notes, limit=limit, **parts)
    complete = telegram_fits_whole(title, url, notes, limit=limit, **parts)
    if not complete:
        logger.warning(
            "telegram: the legal footnotes of article %s do not fit one %s post: cut",
            article.pk,
            kind,
        )
    if kind == Kind.PHOTO:
        return Message(Kind.PHOTO, text, image.url if image else "", complete=complete)
    return Message(Kind.TEXT, text, preview_url=url if image else "", complete=complete)


def compose_post(post: TelegramPost, article, kind: str | None = None) -> Message | None:
    """The message of an outbox row: the article's own post, or a subject's that another
    app composes (the ``polosa_telegram_subject`` hook: ``(subject, article, kind)`` →
    :class:`Message`, or ``None`` when the subject is gone)."""
    if not post.subject:
        return compose(article, kind)
    from wagtail import hooks

    for compose_subject in hooks.get_hooks("polosa_telegram_subject"):
        message = compose_subject(post.subject, article, kind)
        if message is not None:
            return message
    return None


# --- Enqueueing (from the publish signals) ------------------------------------------------
def subject_published(article_id: int, subject: str) -> bool:
    """Queue a post of ``subject`` (a live blog's key event…) of a public article once, or
    bring the post it has in line, as :func:`article_published` does for an article:

    - no row yet: one is created (a second call, or a concurrent one, finds it);
    - cancelled before it was sent (the subject was withdrawn, then came back): queued again;
    - sent: edited when the subject reads differently now (the corrections' path,
      :func:`edit_if_changed`), and a deletion not yet done is called off;
    - deleted from the channel, or failed: left alone, nothing is posted twice.

    ``True`` if this call queued a post."""
    if not conf.telegram_enabled() or not subject:
        return False
    from polosa.news.models import ArticlePage

    article = ArticlePage.objects.live().public().filter(pk=article_id).first()
    if article is None:
        return False
    post = TelegramPost.objects.filter(article_id=article_id, subject=subject).first()
    if post is None:
        try:
            with transaction.atomic():
                TelegramPost.objects.create(
                    article_id=article_id,
                    subject=subject,
                    chat_id=conf.telegram_channel(),
                    next_attempt_at=clock.now(),
                )
        except IntegrityError:
            return False  # queued before: it is sent once
        wake()
        return True
    if post.state == State.CANCELLED:
        revived = TelegramPost.objects.filter(pk=post.pk, state=State.CANCELLED).update(
            state=State.PENDING, next_attempt_at=clock.now(), attempts=0
        )
        if revived:
            wake()
        return bool(revived)
    if post.state == State.SENT:
        if post.action == Action.DELETE:  # back before its deletion went out
            TelegramPost.objects.filter(pk=post.pk, action=Action.DELETE).update(action=Action.NONE)
            post.action = Action.NONE
        if conf.telegram_edit_on_correction() and edit_if_changed(post, article):
            wake()
    return False


def subject_withdrawn(article_id: int, subject: str) -> None:
    """The subject is gone (a key event deleted or no longer a key event): a queued post is
    cancelled, a sent one deleted when the setting says so (as for an unpublished
    article)."""
    posts = TelegramPost.objects.filter(article_id=article_id, subject=subject)
    posts.filter(state=State.PENDING).update(state=State.CANCELLED)
    if not (conf.telegram_delete_on_unpublish() and conf.telegram_enabled()):
        return
    if posts.filter(state=State.SENT).update(
        action=Action.DELETE, next_attempt_at=clock.now(), attempts=0
    ):
        wake()


def article_published(article_id: int) -> None:
    """Create the article's outbox row (or mark a sent post for editing) and wake a worker."""
    if not conf.telegram_enabled():
        return
    from polosa.news.models import ArticlePage

    article = ArticlePage.objects.live().public().filter(pk=article_id).first()
    if article is None:
        return
    post = TelegramPost.objects.filter(article_id=article_id, subject="").first()
    now = clock.now()
    if post is None:
        try:
            with transaction.atomic():
                TelegramPost.objects.create(
                    article_id=article_id, chat_id=conf.telegram_channel(), next_attempt_at=now
                )
        except IntegrityError:
            return  # another process created it first: that one will be sent
    elif post.state == State.CANCELLED:
        TelegramPost.objects.filter(pk=post.pk, state=State.CANCELLED).update(
            state=State.PENDING, next_attempt_at=now, attempts=0
        )
    elif post.state == State.SENT:
        if post.action == Action.DELETE:  # republished before the deletion went out
            TelegramPost.objects.filter(pk=post.pk).update(action=Action.NONE)
            post.action = Action.NONE
        if conf.telegram_edit_on_correction():
            edit_if_changed(post, article)
    wake()


def article_relabelled(article_id: int) -> None:
    """A legal decision changed the article's marks: edit its sent post to match (only a
    post already in the channel; nothing new is posted for an old article)."""
    if not (conf.telegram_enabled() and conf.telegram_edit_on_correction()):
        return
    from polosa.news.models import ArticlePage

    posts = TelegramPost.objects.filter(article_id=article_id, state=State.SENT)
    article = ArticlePage.objects.live().public().filter(pk=article_id).first()
    if article is None:
        return
    if sum(edit_if_changed(post, article) for post in posts):
        wake()


def recheck_marked_posts() -> int:
    """After a registry change: re-compose every sent post that carries legal marks and
    edit those that now read differently (an excluded or deleted entry loses its star and
    footnote). Returns how many were marked for editing."""
    if not (conf.telegram_enabled() and conf.telegram_edit_on_correction()):
        return 0
    from polosa.news.models import ArticlePage

    posts = TelegramPost.objects.filter(
        state=State.SENT, action=Action.NONE, sent_text__contains="*"
    ).select_related("article")
    public = set(
        ArticlePage.objects.live()
        .public()
        .filter(pk__in=[post.article_id for post in posts])
        .values_list("pk", flat=True)
    )
    edited = 0
    for post in posts:
        if post.article_id in public and edit_if_changed(post, post.article):
            edited += 1
    if edited:
        wake()
    return edited


def edit_if_changed(post: TelegramPost, article) -> bool:
    """Mark a sent post for editing when the article's post would read differently now."""
    message = compose_post(post, article, post.kind or None)
    if message is None or message.text == post.sent_text:
        return False
    TelegramPost.objects.filter(pk=post.pk).update(
        action=Action.EDIT, next_attempt_at=clock.now(), attempts=0
    )
    return True


def article_unpublished(article_id: int) -> None:
    """Cancel a post not yet sent; delete a sent one when the setting says so."""
    TelegramPost.objects.filter(article_id=article_id, state=State.PENDING).update(
        state=State.CANCELLED
    )
    if conf.telegram_delete_on_unpublish() and conf.telegram_enabled():
        updated = TelegramPost.objects.filter(article_id=article_id, state=State.SENT).update(
            action=Action.DELETE, next_attempt_at=clock.now(), attempts=0
        )
        if updated:
            wake()


def wake(run_after: datetime | None = None) -> None:
    """Enqueue the delivery task (several queued copies are harmless: rows are claimed).

    An immediate wake-up is skipped while another one is queued and not yet started: a
    burst of publications queues one delivery, which sends them all.
    """
    from polosa.distribution.tasks import deliver_telegram

    # The default cache: shared by every process with Redis; without it each process
    # coalesces its own wake-ups, and the extra deliveries find nothing to claim.
    if run_after is None and not cache.add(WAKE_QUEUED_KEY, 1, timeout=WAKE_COALESCE_SECONDS):
        return
    try:
        if run_after is not None:
            deliver_telegram.using(run_after=run_after).enqueue()
        else:
            deliver_telegram.enqueue()
    except Exception:  # a task backend outage must not break publishing; rows wait
        logger.exception("could not enqueue the Telegram delivery")
        cache.delete(WAKE_QUEUED_KEY)


# --- Claiming -----------------------------------------------------------------------------
def due(now: datetime) -> Q:
    stale = now - timedelta(seconds=conf.telegram_stale_after())
    return (
        Q(state=State.PENDING, next_attempt_at__lte=now)
        | Q(state=State.CLAIMED, claimed_at__lt=stale)
        | (
            Q(state=State.SENT, next_attempt_at__lte=now)
            & ~Q(action=Action.NONE)
            & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        )
    )


def mark_uncertain(now: datetime) -> int:
    """Posts left ``sending`` by a worker that died: maybe posted, never resent blindly."""
    stale = now - timedelta(seconds=conf.telegram_stale_after())
    return TelegramPost.objects.filter(state=State.SENDING, claimed_at__lt=stale).update(
        state=State.UNCERTAIN,
        last_error=gettext("Обработчик прервался во время отправки: проверьте канал."),
    )


def release_dead_workers_posts(census: worker.Census) -> tuple[int, int]:
    """Rows held by a worker that died, without waiting for ``stale_after``.

    A ``claimed`` post never reached Telegram: it goes back to the queue at once. A
    ``sending`` one may have been posted: it becomes ``uncertain``, never resent blindly.
    A sent post's edit or deletion is simply due again (repeating either is harmless).
    Returns ``(back in the queue, uncertain)``.
    """
    held = TelegramPost.objects.filter(
        Q(state__in=[State.CLAIMED, State.SENDING]) | Q(state=State.SENT, claimed_at__isnull=False)
    ).exclude(claim_token="")
    rows = list(held.values_list("pk", "state", "claim_token"))
    dead = census.dead_claims(token for _, _, token in rows)
    requeued = uncertain = 0
    now = clock.now()
    for pk, state, token in rows:
        if token not in dead:
            continue
        same_claim = TelegramPost.objects.filter(pk=pk, state=state, claim_token=token)
        if state == State.SENDING:
            uncertain += same_claim.update(
                state=State.UNCERTAIN,
                last_error=gettext("Обработчик прервался во время отправки: проверьте канал."),
            )
        else:
            back = State.PENDING if state == State.CLAIMED else State.SENT
            requeued += same_claim.update(
                state=back, claim_token="", claimed_at=None, next_attempt_at=now
            )
    if requeued or uncertain:
        logger.warning(
            "telegram: %d posts of dead workers queued again, %d left uncertain",
            requeued,
            uncertain,
        )
    return requeued, uncertain


def any_due(now: datetime) -> bool:
    """Whether some row waits for a delivery now (to be sent, re-taken or looked at)."""
    stale = now - timedelta(seconds=conf.telegram_stale_after())
    return TelegramPost.objects.filter(
        due(now) | Q(state=State.SENDING, claimed_at__lt=stale)
    ).exists()


def claim(now: datetime) -> TelegramPost | None:
    """Take one due row for this worker, or ``None``. Exactly one worker wins a row."""
    for _ in range(5):
        with transaction.atomic():
            # New posts go before edits and deletions: a registry change may queue
            # hundreds of edits, which must not hold back today's news.
            first_sends = Case(When(state=State.SENT, then=Value(1)), default=Value(0))
            candidates = TelegramPost.objects.filter(due(now)).order_by(
                first_sends, "next_attempt_at", "pk"
            )
            if connection.features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True)
            candidate = candidates.first()
            if candidate is None:
                return None
            token = worker.claim_token()  # names this worker, so its death can free the row
            new_state = State.SENT if candidate.state == State.SENT else State.CLAIMED
            won = TelegramPost.objects.filter(
                pk=candidate.pk, claim_token=candidate.claim_token, state=candidate.state
            ).update(state=new_state, claim_token=token, claimed_at=now)
        if won:
            candidate.state, candidate.claim_token, candidate.claimed_at = new_state, token, now
            return candidate
    return None


# --- Rate limit ---------------------------------------------------------------------------
def take_token(chat_id: str, now: datetime) -> float:
    """Take one message from the channel's bucket: 0 if allowed, else seconds to wait."""
    rate = conf.telegram_rate_per_minute() / 60.0
    burst = conf.telegram_burst()
    with transaction.atomic():
        bucket_query = TelegramBucket.objects.filter(chat_id=chat_id)
        if connection.features.has_select_for_update:
            bucket_query = bucket_query.select_for_update()
        bucket = bucket_query.first()
        if bucket is None:
            try:
                with transaction.atomic():
                    bucket = TelegramBucket.objects.create(
                        chat_id=chat_id, tokens=burst, updated_at=now
                    )
            except IntegrityError:
                bucket = bucket_query.get()
        if bucket.blocked_until and bucket.blocked_until > now:
            return (bucket.blocked_until - now).total_seconds()
        elapsed = max(0.0, (now - bucket.updated_at).total_seconds())
        tokens = min(burst, bucket.tokens + elapsed * rate)
        if tokens >= 1:
            TelegramBucket.objects.filter(pk=chat_id).update(
                tokens=tokens - 1, updated_at=now, blocked_until=None
            )
            return 0.0
        TelegramBucket.objects.filter(pk=chat_id).update(tokens=tokens, updated_at=now)
        return (1 - tokens) / rate if rate > 0 else 60.0


def block_channel(chat_id: str, until: datetime) -> None:
    """After a 429 every worker waits for ``retry_after``."""
    TelegramBucket.objects.filter(pk=chat_id).update(blocked_until=until, tokens=0)


# --- Sending ------------------------------------------------------------------------------
def backoff(attempts: int) -> float:
    return min(conf.telegram_backoff() * 2 ** max(0, attempts - 1), conf.telegram_backoff_max())


def release(post: TelegramPost, **fields) -> None:
    """Write the outcome, only if this worker still holds the claim.

    A busy database is retried a few times: losing this write after Telegram answered is
    exactly the window that leaves a post ``uncertain``."""
    for attempt in range(6):
        try:
            TelegramPost.objects.filter(pk=post.pk, claim_token=post.claim_token).update(
                claim_token="", claimed_at=None, **fields
            )
            return
        except OperationalError:
            if attempt == 5:
                raise
            time.sleep(0.05 * 2**attempt)


def prepare(post: TelegramPost, now: datetime, is_first_send: bool):
    """Everything before the call: the article, a rate-limit token, the request, and the
    ``sending`` mark. Returns the request, or a wait in seconds, or ``None`` when done."""
    from polosa.news.models import ArticlePage

    article = (
        ArticlePage.objects.live().public().select_related("main_image").filter(pk=post.article_id)
    ).first()
    if is_first_send and article is None:
        release(post, state=State.CANCELLED)  # unpublished before its turn: nothing leaks
        return None
    if not is_first_send and post.action == Action.EDIT and article is None:
        release(post, action=Action.NONE)
        return None
    if post.subject and post.action != Action.DELETE and compose_post(post, article) is None:
        # The subject went before its turn (a key event deleted): nothing is posted.
        release(post, state=State.CANCELLED if is_first_send else State.SENT, action=Action.NONE)
        return None
    wait = take_token(post.chat_id, now)
    if wait > 0:
        later = now + timedelta(seconds=wait)
        back = State.PENDING if is_first_send else State.SENT
        release(post, state=back, next_attempt_at=later)
        return wait
    method, params, message = request_for(post, article)
    if is_first_send:
        # Past this point Telegram may post: a crash leaves "sending", never resent blindly.
        TelegramPost.objects.filter(pk=post.pk, claim_token=post.claim_token).update(
            state=State.SENDING, attempts=post.attempts + 1
        )
    return method, params, message


def process(post: TelegramPost, now: datetime) -> float | None:
    """Do the claimed row's work; returns seconds to wait when the channel is rate-limited."""
    is_first_send = post.state == State.CLAIMED
    try:
        prepared = prepare(post, now, is_first_send)
    except Exception:
        # Nothing was sent yet: hand the row back at once instead of waiting for staleness.
        back = State.PENDING if is_first_send else State.SENT
        release(post, state=back, next_attempt_at=now)
        raise
    if not isinstance(prepared, tuple):
        return prepared
    method, params, message = prepared
    attempts = post.attempts + 1
    try:
        result = bot_api.call(
            conf.telegram_api(), conf.telegram_token(), method, params, conf.telegram_timeout()
        )
    except bot_api.Retry as error:
        retry_after = error.retry_after
        if retry_after:
            block_channel(post.chat_id, now + timedelta(seconds=retry_after))
        delay = retry_after if retry_after else backoff(attempts)
        give_up = attempts >= conf.telegram_max_attempts()
        failed_state = State.FAILED if is_first_send else State.SENT
        fields = {
            "attempts": attempts,
            "last_error": str(error)[:2000],
            "next_attempt_at": clock.now() + timedelta(seconds=delay),
        }
        if give_up:
            fields.update(state=failed_state, action=Action.NONE)
        else:
            fields["state"] = State.PENDING if is_first_send else State.SENT
        release(post, **fields)
        logger.warning("telegram %s for article %s: %s", method, post.article_id, error)
        return None
    except bot_api.Refused as error:
        if harmless(method, str(error)):
            finish(post, method, message, {}, attempts)
            return None
        release(
            post,
            state=State.FAILED if is_first_send else State.SENT,
            action=Action.NONE,
            attempts=attempts,
            last_error=str(error)[:2000],
        )
        logger.error("telegram refused %s for article %s: %s", method, post.article_id, error)
        return None
    finish(post, method, message, result, attempts)
    return None


def harmless(method: str, description: str) -> bool:
    """Refusals that mean the wanted end state is already there."""
    description = description.lower()
    if method.startswith("edit") and "not modified" in description:
        return True
    return method == "deleteMessage" and "not found" in description


def request_for(post: TelegramPost, article) -> tuple[str, dict, Message | None]:
    chat = post.chat_id
    if post.state == State.CLAIMED:
        message = compose_post(post, article)
        if message.kind == Kind.PHOTO:
            params = {"chat_id": chat, "photo": message.photo, "caption": message.text}
            return "sendPhoto", {**params, "parse_mode": "HTML"}, message
        params = {"chat_id": chat, "text": message.text, "parse_mode": "HTML"}
        params["link_preview_options"] = link_preview(message)
        return "sendMessage", params, message
    if post.action == Action.DELETE:
        return "deleteMessage", {"chat_id": chat, "message_id": post.message_id}, None
    message = compose_post(post, article, post.kind or None)
    if post.kind == Kind.PHOTO:
        params = {"chat_id": chat, "message_id": post.message_id, "caption": message.text}
        return "editMessageCaption", {**params, "parse_mode": "HTML"}, message
    params = {"chat_id": chat, "message_id": post.message_id, "text": message.text}
    params["link_preview_options"] = link_preview(message)  # else an edit resets it
    return "editMessageText", {**params, "parse_mode": "HTML"}, message


def link_preview(message: Message) -> dict:
    """Telegram's ``link_preview_options``: for a text post standing in for a photo, the
    article's page, its picture large and above the text."""
    if not message.preview_url:
        return {"is_disabled": False}
    return {"url": message.preview_url, "prefer_large_media": True, "show_above_text": True}


def cut_footnotes_notice(message: Message | None) -> str:
    """What the outbox row says when a post went out with its footnotes cut."""
    if message is None or message.complete:
        return ""
    return gettext("Сноски не поместились в подпись к фото и обрезаны: проверьте пост в канале.")


def finish(post, method: str, message: Message | None, result: dict, attempts: int) -> None:
    now = clock.now()
    if method in ("sendPhoto", "sendMessage"):
        release(
            post,
            state=State.SENT,
            kind=message.kind,
            message_id=result.get("message_id"),
            sent_text=message.text,
            sent_at=now,
            attempts=attempts,
            last_error=cut_footnotes_notice(message),
        )
    elif method == "deleteMessage":
        release(post, state=State.DELETED, action=Action.NONE, last_error="")
    else:
        release(
            post,
            action=Action.NONE,
            sent_text=message.text,
            last_error=cut_footnotes_notice(message),
        )


def deliver(limit: int = 100) -> dict[str, int]:
    """Send what is due, up to ``limit`` rows; re-enqueue itself for what must wait."""
    counts = {"processed": 0, "waiting": 0}
    cache.delete(WAKE_QUEUED_KEY)  # rows queued from now on need a new wake-up
    if not conf.telegram_enabled():
        return counts
    mark_uncertain(clock.now())
    for _ in range(limit):
        now = clock.now()
        post = claim(now)
        if post is None:
            break
        wait = process(post, now)
        if wait is not None:
            counts["waiting"] += 1
            break
        counts["processed"] += 1
    upcoming = (
        TelegramPost.objects.filter(
            Q(state=State.PENDING) | (Q(state=State.SENT) & ~Q(action=Action.NONE))
        )
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if upcoming is not None:
        wake(run_after=max(upcoming, clock.now()))
    return counts

"""The Telegram outbox: one row per article, and a shared rate-limit bucket per channel."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TelegramPost(models.Model):
    """An article's post in the channel (or one of its subjects') and what remains to be
    done with it.

    ``state`` is the life of the first send; ``action`` a follow-up on a sent message
    (edit after a correction, delete after unpublishing). The unique constraint on
    ``article`` and ``subject`` makes a second post of the same thing impossible at the
    database level.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("в очереди")
        CLAIMED = "claimed", _("взят обработчиком")
        SENDING = "sending", _("отправляется")
        SENT = "sent", _("опубликован")
        UNCERTAIN = "uncertain", _("неизвестно, дошёл ли: проверьте канал")
        FAILED = "failed", _("ошибка")
        CANCELLED = "cancelled", _("отменён")
        DELETED = "deleted", _("удалён из канала")

    class Action(models.TextChoices):
        NONE = "", _("нет")
        EDIT = "edit", _("исправить")
        DELETE = "delete", _("удалить")

    class Kind(models.TextChoices):
        PHOTO = "photo", _("фото с подписью")
        TEXT = "text", _("текст")

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("материал"),
        on_delete=models.CASCADE,
        related_name="telegram_posts",
    )
    #: What the post is of besides its article: blank for the article itself, else a name
    #: another app composes through the ``polosa_telegram_subject`` hook (a live blog's key
    #: event is ``live-entry-<id>``). One post per article and subject.
    subject = models.CharField(_("о чём пост"), max_length=64, blank=True, default="")
    chat_id = models.CharField(_("канал"), max_length=200)
    state = models.CharField(
        _("состояние"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    action = models.CharField(
        _("действие"), max_length=10, choices=Action.choices, default="", blank=True
    )
    kind = models.CharField(_("вид"), max_length=10, choices=Kind.choices, blank=True)
    message_id = models.BigIntegerField(_("номер сообщения"), null=True, blank=True)
    sent_text = models.TextField(_("отправленный текст"), blank=True)
    attempts = models.PositiveIntegerField(_("попыток"), default=0)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("взят в работу"), null=True, blank=True)
    claim_token = models.CharField(
        _("метка обработчика"), max_length=32, blank=True, editable=False
    )
    last_error = models.TextField(_("последняя ошибка"), blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    sent_at = models.DateTimeField(_("опубликован в канале"), null=True, blank=True)

    class Meta:
        verbose_name = _("пост в Telegram")
        verbose_name_plural = _("посты в Telegram")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "subject"], name="telegram_one_post_per_subject"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="telegram_due")]

    def __str__(self) -> str:
        subject = f" {self.subject}" if self.subject else ""
        return f"{self.article_id}{subject}: {self.get_state_display()}"


class TelegramBucket(models.Model):
    """A token bucket per channel, in the database so every worker process shares it."""

    chat_id = models.CharField(_("канал"), max_length=200, primary_key=True)
    tokens = models.FloatField(_("запас отправок"), default=0)
    updated_at = models.DateTimeField(_("пересчитан"))
    blocked_until = models.DateTimeField(_("пауза до"), null=True, blank=True)

    class Meta:
        verbose_name = _("лимит отправки в Telegram")
        verbose_name_plural = _("лимиты отправки в Telegram")

    def __str__(self) -> str:
        return self.chat_id


class SitemapBlock(models.Model):
    """The newest changes of one block of article ids, per parent page: what the sitemap
    index dates its article files and rubrics by, without reading the articles.

    Block ``block`` of ``size`` holds the ids in ``(block·size, (block+1)·size]``;
    ``dates`` maps each parent page's id (a rubric, as a string) to ``[lastmod, latest]``
    of its live articles there: the latest of their publication, update and correction
    times, and of their last publications (ISO 8601). Rewritten when an article of the
    block is published, unpublished, moved or deleted
    (:mod:`polosa.distribution.sitemap_dates`); a block without a row is computed when
    the index first needs it.
    """

    size = models.PositiveIntegerField(_("размер блока"))
    block = models.PositiveIntegerField(_("блок"))
    dates = models.JSONField(_("даты по разделам"), default=dict)

    class Meta:
        verbose_name = _("даты блока карты сайта")
        verbose_name_plural = _("даты блоков карты сайта")
        constraints = [
            models.UniqueConstraint(fields=["size", "block"], name="sitemap_block_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.size}:{self.block}"

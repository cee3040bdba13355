"""A live blog is an article that goes on: its page (a kind of ``ArticlePage``, so listings,
feeds, sitemaps, search, the legal gate and the Telegram announcement treat it as one item)
and its entries, rows of their own written while the event goes on.

Entries are not in the page's revisions: two editors adding entries at the same moment each
insert a row, and neither has to republish the page (:mod:`polosa.live.services`).

Every write of a blog's entries takes the blog's next *version* (a number per blog that only
grows): an added or edited entry carries it, a deleted one leaves a :class:`RemovedEntry`
with it. A reader's page knows the version it shows; the poll asks for what changed after it
(:func:`polosa.live.selectors.changes_since`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from polosa.news.blocks import ArticleBodyBlock
from polosa.news.models import ArticlePage


class LiveBlogPage(ArticlePage):
    """«Онлайн-трансляция»: a headline, a lead, a status and the coverage's start and end."""

    class Status(models.TextChoices):
        LIVE = "live", _("идёт")
        FINISHED = "finished", _("завершена")

    status = models.CharField(
        _("статус трансляции"), max_length=10, choices=Status.choices, default=Status.LIVE
    )
    coverage_start = models.DateTimeField(
        _("начало трансляции"), null=True, blank=True, help_text=_("Пусто — время публикации.")
    )
    coverage_end = models.DateTimeField(
        _("конец трансляции"),
        null=True,
        blank=True,
        help_text=_("Пусто, пока трансляция идёт; при завершении — время последней записи."),
    )
    telegram_key_events = models.BooleanField(
        _("ключевые события в Telegram"),
        default=False,
        help_text=_("Каждое ключевое событие выходит в Telegram-канале отдельным постом."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("coverage_start"),
                FieldPanel("coverage_end"),
                FieldPanel("telegram_key_events"),
            ],
            heading=_("трансляция"),
        ),
        FieldPanel("main_image"),
        FieldPanel("body", heading=_("справка над записями")),
        MultiFieldPanel(
            [
                FieldPanel("adult"),
                FieldPanel("authors"),
                FieldPanel("tags"),
                FieldPanel("source_name"),
                FieldPanel("source_url"),
                FieldPanel("published_at"),
            ],
            heading=_("атрибуты материала"),
        ),
    ]
    parent_page_types = ["news.RubricPage"]
    subpage_types: list[str] = []
    template = "live/live_blog_page.html"

    class Meta:
        verbose_name = _("онлайн-трансляция")
        verbose_name_plural = _("онлайн-трансляции")

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE

    @property
    def shown_coverage_start(self):
        return self.coverage_start or self.shown_published_at

    def save(self, *args, **kwargs):
        # A republished revision must not take «обновлено» back behind the newest entry.
        if self.pk:
            newest = self.entries.aggregate(newest=models.Max("updated_at"))["newest"]
            if newest is not None and (self.updated_at is None or self.updated_at < newest):
                self.updated_at = newest
        super().save(*args, **kwargs)

    @cached_property
    def reader_view(self):
        """The entries readers see, read once per request (the page and its metadata)."""
        from polosa.live import selectors

        return selectors.reader_view(self)

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["live"] = self.reader_view
        return context

    def structured_data(self, article: dict) -> dict:
        """The page's ``NewsArticle`` JSON-LD as a ``LiveBlogPosting`` with its entries."""
        from polosa.distribution.text import html_to_text
        from polosa.live.structured import Update, live_blog_posting

        url = article.get("url", "")
        updates = [
            Update(
                url=f"{url}#{entry.anchor}",
                headline=html_to_text(entry.title_html),
                text=html_to_text(entry.html),
                published=timezone.localtime(entry.shown_at),
                modified=timezone.localtime(entry.updated_at),
            )
            for entry in self.reader_view.entries
        ]
        return live_blog_posting(
            article,
            coverage_start=timezone.localtime(self.shown_coverage_start),
            coverage_end=timezone.localtime(self.coverage_end) if self.coverage_end else None,
            updates=updates,
        )


class LiveEntry(models.Model):
    """One entry of a live blog: its time, an optional title, a body of article blocks."""

    blog = models.ForeignKey(
        LiveBlogPage,
        verbose_name=_("трансляция"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    shown_at = models.DateTimeField(_("время"), default=timezone.now)
    title = models.CharField(_("заголовок записи"), max_length=255, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("текст"), blank=True)
    author = models.ForeignKey(
        "news.Author",
        verbose_name=_("автор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_entries",
    )
    key_event = models.BooleanField(
        _("ключевое событие"),
        default=False,
        help_text=_("Попадает в сводку над трансляцией."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("добавил"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    #: Set by :func:`polosa.live.services.save_entry`, with the blog's «обновлено».
    updated_at = models.DateTimeField(_("изменено"), default=timezone.now, editable=False)
    #: The blog's version at this entry's last write (:mod:`polosa.live.services`).
    version = models.PositiveBigIntegerField(_("версия"), default=0, editable=False)

    panels = [
        FieldPanel("blog"),
        FieldPanel("shown_at"),
        FieldPanel("title"),
        FieldPanel("body"),
        FieldPanel("author"),
        FieldPanel("key_event"),
    ]

    class Meta:
        verbose_name = _("запись трансляции")
        verbose_name_plural = _("записи трансляций")
        ordering = ["-shown_at", "-pk"]
        indexes = [
            models.Index(fields=["blog", "-shown_at"], name="live_entry_blog_time"),
            models.Index(fields=["blog", "version"], name="live_entry_blog_version"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.blog_id}: {timezone.localtime(self.shown_at):%H:%M}"

    @property
    def anchor(self) -> str:
        return f"entry-{self.pk}"

    def apply_typography(self) -> None:
        """The newsroom's typography, as an article's title and body get it."""
        from polosa.news.typography import typograph, typograph_body

        self.title = typograph(self.title)
        stored = list(self.body.get_prep_value())
        typed = typograph_body(stored)
        if typed != stored:
            self.body = typed


class RemovedEntry(models.Model):
    """A deleted entry, so that readers who have it remove it too (their poll asks for the
    blog's changes after the version they show)."""

    blog = models.ForeignKey(
        LiveBlogPage, verbose_name=_("трансляция"), on_delete=models.CASCADE, related_name="+"
    )
    entry_id = models.BigIntegerField(_("номер записи"))
    version = models.PositiveBigIntegerField(_("версия"))
    removed_at = models.DateTimeField(_("когда удалена"), default=timezone.now)

    class Meta:
        verbose_name = _("удалённая запись трансляции")
        verbose_name_plural = _("удалённые записи трансляций")
        indexes = [models.Index(fields=["blog", "version"], name="live_removed_blog_version")]

    def __str__(self) -> str:
        return f"{self.blog_id}: {self.entry_id}"

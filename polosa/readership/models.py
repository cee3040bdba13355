"""What readers read and what to offer them next.

* :class:`ArticleKeyword`: the words and names of an article's headline and lead
  (lemmas, and «names» such as the film it reviews), the inverted index that finds
  articles sharing them.
* :class:`RelatedArticle`: an article's «Читайте также», computed when it is published
  (:mod:`polosa.readership.services`), one row per position.
* :class:`ArticleReads`: views per article per hour (the embedded default; with Redis the
  hours live in Redis), written by the worker from the web processes' tallies; each tally
  is applied once (:class:`ReadBatch`).
* :class:`MostRead`: «Самое читаемое» as the worker last ranked it, per window.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArticleKeyword(models.Model):
    """A lemma (``гавань``) or a name (``«тихий гавань»``) of an article's headline and lead."""

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("материал"),
        on_delete=models.CASCADE,
        related_name="related_keywords",
    )
    keyword = models.CharField(_("слово"), max_length=80)

    class Meta:
        verbose_name = _("слово материала")
        verbose_name_plural = _("слова материалов")
        constraints = [
            models.UniqueConstraint(fields=["article", "keyword"], name="one_keyword_per_article")
        ]
        indexes = [models.Index(fields=["keyword", "article"], name="keyword_articles")]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.keyword}"


class RelatedArticle(models.Model):
    """One item of an article's «Читайте также»."""

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("материал"),
        on_delete=models.CASCADE,
        related_name="related_list",
    )
    related = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("читайте также"),
        on_delete=models.CASCADE,
        related_name="shown_in_related",
    )
    position = models.PositiveSmallIntegerField(_("место"))
    #: 0 for the newest articles that fill a list when too few relate.
    score = models.FloatField(_("близость"), default=0.0)

    class Meta:
        verbose_name = _("пункт «Читайте также»")
        verbose_name_plural = _("пункты «Читайте также»")
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="one_related_per_place"),
            models.UniqueConstraint(fields=["article", "related"], name="related_listed_once"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.related_id} ({self.position})"


class ArticleReads(models.Model):
    """Views of an article in one hour (its start, UTC)."""

    article = models.ForeignKey(
        "news.ArticlePage", verbose_name=_("материал"), on_delete=models.CASCADE, related_name="+"
    )
    hour = models.DateTimeField(_("час"))
    count = models.PositiveIntegerField(_("просмотров"), default=0)

    class Meta:
        verbose_name = _("просмотры за час")
        verbose_name_plural = _("просмотры за час")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="one_reads_row_per_hour")
        ]
        indexes = [models.Index(fields=["hour"], name="reads_by_hour")]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}:00: {self.count}"


class ReadBatch(models.Model):
    """A web process's tally, applied: a task run again applies nothing twice."""

    batch = models.CharField(_("пакет"), max_length=32, unique=True)
    applied_at = models.DateTimeField(_("учтён"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("учтённый пакет просмотров")
        verbose_name_plural = _("учтённые пакеты просмотров")

    def __str__(self) -> str:
        return self.batch


class MostRead(models.Model):
    """A place in «Самое читаемое», as the worker last ranked it."""

    class Window(models.TextChoices):
        DAY = "day", _("за сутки")
        WEEK = "week", _("за неделю")

    window = models.CharField(_("период"), max_length=8, choices=Window.choices)
    position = models.PositiveSmallIntegerField(_("место"))
    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("материал"),
        on_delete=models.CASCADE,
        related_name="most_read",
    )
    reads = models.PositiveIntegerField(_("просмотров"))

    class Meta:
        verbose_name = _("место в «Самом читаемом»")
        verbose_name_plural = _("места в «Самом читаемом»")
        ordering = ["window", "position"]
        constraints = [
            models.UniqueConstraint(fields=["window", "position"], name="one_most_read_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.position}: {self.article_id}"

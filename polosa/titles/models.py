"""Films and series that the outlet reviews and readers rate.

A :class:`Title` keeps its readers' aggregate (``votes_count``, ``votes_sum``) next to the
editorial score, so a card's score needs no extra query; :class:`Vote` rows are the
source of truth (one per reader per title) and the aggregate moves with them atomically.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable
from wagtail.search import index

from polosa.core.slugs import unique_slug
from polosa.titles import conf, scoring


class Title(index.Indexed, models.Model):
    """A film or a series season (``Название (1 сезон)``)."""

    class Kind(models.TextChoices):
        FILM = "film", _("фильм")
        SERIES = "series", _("сериал")

    name = models.CharField(_("название"), max_length=255)
    slug = models.SlugField(_("адрес"), max_length=255, unique=True)
    kind = models.CharField(_("тип"), max_length=10, choices=Kind.choices, default=Kind.FILM)
    original_name = models.CharField(_("оригинальное название"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(
        _("год"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1880), MaxValueValidator(2100)],
    )
    season = models.PositiveSmallIntegerField(
        _("сезон"), null=True, blank=True, help_text=_("Только для сериалов.")
    )
    poster = models.ForeignKey(
        "media.CreditedImage",
        verbose_name=_("постер"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    genres = models.CharField(
        _("жанры"), max_length=255, blank=True, help_text=_("Через запятую: драма, комедия.")
    )
    countries = models.CharField(
        _("страны"), max_length=255, blank=True, help_text=_("Через запятую: Россия, Франция.")
    )
    description = models.TextField(_("коротко о фильме"), blank=True)
    editorial_score = models.DecimalField(
        _("оценка редакции"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("10"))],
    )
    votes_count = models.PositiveIntegerField(_("голосов"), default=0, editable=False)
    votes_sum = models.PositiveIntegerField(_("сумма оценок"), default=0, editable=False)
    created_at = models.DateTimeField(_("добавлен"), default=timezone.now, db_index=True)
    # When readers' votes last purged what shows the score, or when the next such purge is
    # due (polosa.titles.votes.vote_counted): a burst of votes purges once per window.
    score_purge_at = models.DateTimeField(_("оценка обновлена"), null=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("season"), FieldPanel("original_name")],
            heading=_("что это"),
        ),
        FieldPanel("year"),
        FieldPanel("poster"),
        FieldPanel("genres"),
        FieldPanel("countries"),
        FieldPanel("description"),
        FieldPanel("editorial_score"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("original_name"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        verbose_name = _("фильм или сериал")
        verbose_name_plural = _("фильмы и сериалы")
        ordering = ["name", "season"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(votes_count__gte=0) & models.Q(votes_sum__gte=0),
                name="title_votes_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.display_name, fallback="title")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("titles:title", args=[self.slug])

    @property
    def display_name(self) -> str:
        """``Название`` for a film, ``Название (1 сезон)`` for a series season."""
        if self.kind == self.Kind.SERIES and self.season:
            return _("%(name)s (%(season)s сезон)") % {"name": self.name, "season": self.season}
        return self.name

    # The column title of ``display_name`` in the admin's list (not «Display name»).
    display_name.fget.short_description = _("название")

    @property
    def score(self) -> Decimal | None:
        """The shown score (see :func:`polosa.titles.scoring.shown_score`)."""
        return scoring.shown_score(
            self.votes_count, self.votes_sum, self.editorial_score, conf.min_votes()
        )

    @property
    def readers_mean(self) -> Decimal | None:
        return scoring.shown_score(self.votes_count, self.votes_sum, None, 1)

    @property
    def genre_list(self) -> list[str]:
        return [item.strip() for item in self.genres.split(",") if item.strip()]

    @property
    def country_list(self) -> list[str]:
        return [item.strip() for item in self.countries.split(",") if item.strip()]


class Vote(models.Model):
    """One reader's vote for one title; voting again replaces the value."""

    title = models.ForeignKey(
        Title, verbose_name=_("фильм или сериал"), on_delete=models.CASCADE, related_name="votes"
    )
    reader = models.CharField(_("читатель"), max_length=64)
    value = models.PositiveSmallIntegerField(
        _("оценка"),
        validators=[
            MinValueValidator(scoring.MIN_VOTE),
            MaxValueValidator(scoring.MAX_VOTE),
        ],
    )
    created_at = models.DateTimeField(_("поставлен"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("голос читателя")
        verbose_name_plural = _("голоса читателей")
        constraints = [
            models.UniqueConstraint(fields=["title", "reader"], name="one_vote_per_reader"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1) & models.Q(value__lte=10),
                name="vote_value_1_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_id}: {self.value}"


@register_setting(icon="pick")
class RatingsSettings(ClusterableModel, BaseSiteSetting):
    """What the ratings block on article pages and the home page shows."""

    class Mode(models.TextChoices):
        TOP_MONTH = "top_month", _("лучшие по оценкам читателей за месяц")
        NEWEST = "newest", _("новинки")
        PICKED = "picked", _("выбор редакции (список ниже)")

    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("сайт"),
        unique=True,
        db_index=True,
        editable=False,
        on_delete=models.CASCADE,
    )
    mode = models.CharField(
        _("что показывать"), max_length=20, choices=Mode.choices, default=Mode.TOP_MONTH
    )
    size = models.PositiveSmallIntegerField(
        _("сколько карточек"),
        default=conf.DEFAULT_BLOCK_SIZE,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )

    panels = [
        FieldPanel("mode"),
        FieldPanel("size"),
        InlinePanel("picked", label=_("фильмы и сериалы на выбор редакции")),
    ]

    class Meta:
        verbose_name = _("блок рейтингов")
        verbose_name_plural = _("блок рейтингов")


class PickedTitle(Orderable):
    """One hand-picked card of the ratings block, in the editor's order."""

    sort_order = models.IntegerField(_("порядок"), null=True, blank=True, editable=False)
    settings = ParentalKey(
        RatingsSettings,
        verbose_name=_("блок рейтингов"),
        on_delete=models.CASCADE,
        related_name="picked",
    )
    title = models.ForeignKey(
        Title, verbose_name=_("фильм или сериал"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("фильм или сериал на выбор редакции")
        verbose_name_plural = _("фильмы и сериалы на выбор редакции")

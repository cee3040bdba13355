"""What the newsroom chooses for readers: the front page's pinned stories and the urgent banner.

The roles are auth groups with Wagtail's permissions and the workflow is Wagtail's
(:mod:`polosa.newsroom.roles`, :mod:`polosa.newsroom.workflow`); the tables here hold the
editors' choices. Readers see them through :mod:`polosa.newsroom.selectors`, and every
change goes through :mod:`polosa.newsroom.services`, which purges what it changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from polosa.newsroom.forms import FrontPageForm

#: How many featured stories the home page shows beside the lead.
FEATURED_LIMIT = 4

UNTIL_HELP = _("Пусто — пока не снимут. После этого времени материал уходит с места сам.")


@register_setting(icon="home")
class FrontPage(ClusterableModel, BaseSiteSetting):
    """The front page as the editors set it: a pinned lead and a few featured stories.

    Only published articles open to everyone are shown; a pin whose article is a draft,
    scheduled, unpublished or restricted waits (or drops out) by itself. Without a pinned
    lead the newest article with a picture leads.
    """

    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("сайт"),
        unique=True,
        db_index=True,
        editable=False,
        on_delete=models.CASCADE,
    )
    lead = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("ведущий материал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Пусто — ведёт самый свежий материал с картинкой."),
    )
    lead_until = models.DateTimeField(_("до"), null=True, blank=True, help_text=UNTIL_HELP)

    base_form_class = FrontPageForm
    panels = [
        MultiFieldPanel(
            [PageChooserPanel("lead", "news.ArticlePage"), FieldPanel("lead_until")],
            heading=_("Ведущий материал"),
        ),
        InlinePanel(
            "featured",
            max_num=FEATURED_LIMIT,
            heading=_("Выбор редакции"),
            label=_("Материал"),
            help_text=_("До четырёх материалов под ведущим, в этом порядке."),
        ),
    ]

    class Meta:
        verbose_name = _("первая полоса")
        verbose_name_plural = _("первые полосы")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    def untils(self) -> list:
        """Every expiry this choice names (the lead's and each featured story's)."""
        times = [self.lead_until] if self.lead_id else []
        times.extend(story.until for story in self.featured.all())
        return [moment for moment in times if moment is not None]


class FeaturedStory(Orderable):
    sort_order = models.IntegerField(_("порядок"), null=True, blank=True, editable=False)
    front_page = ParentalKey(
        FrontPage,
        verbose_name=_("первая полоса"),
        on_delete=models.CASCADE,
        related_name="featured",
    )
    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("материал"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    until = models.DateTimeField(_("до"), null=True, blank=True, help_text=UNTIL_HELP)

    panels = [PageChooserPanel("article", "news.ArticlePage"), FieldPanel("until")]

    class Meta(Orderable.Meta):
        verbose_name = _("материал выбора редакции")
        verbose_name_plural = _("материалы выбора редакции")


class UrgentBanner(models.Model):
    """The «Срочно» line above every page, linking to an article, until it expires or is
    removed. One is shown at a time: setting a new one replaces it."""

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("материал"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.CharField(_("текст"), max_length=200)
    until = models.DateTimeField(_("до"))
    set_at = models.DateTimeField(_("поставлена"), default=timezone.now)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто поставил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("баннер «Срочно»")
        verbose_name_plural = _("баннеры «Срочно»")
        ordering = ["-set_at", "-pk"]

    def __str__(self) -> str:
        return self.text

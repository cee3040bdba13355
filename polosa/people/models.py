"""Stars and influencers, and the articles that mention them.

A :class:`Mention` row links a person to an article. The automatic pass (the legal
mention engine, kind ``person``) adds and drops ``auto`` rows; an editor's ``manual`` link
and ``removed`` mark are never touched by it, so a removed link stays removed.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.search import index

from polosa.core.slugs import unique_slug


def sort_key_for(name: str) -> str:
    """Alphabetical order for Russian names: case-folded, ``ё`` sorted as ``е``."""
    return " ".join(name.casefold().replace("ё", "е").split())


#: A category's singular, masculine and feminine (``Person.role``).
ROLES = {
    "musician": (pgettext_lazy("роль", "музыкант"), pgettext_lazy("роль", "музыкант")),
    "actor": (pgettext_lazy("роль", "актёр"), pgettext_lazy("роль", "актриса")),
    "blogger": (pgettext_lazy("роль", "блогер"), pgettext_lazy("роль", "блогер")),
    "director": (pgettext_lazy("роль", "режиссёр"), pgettext_lazy("роль", "режиссёр")),
    "athlete": (pgettext_lazy("роль", "спортсмен"), pgettext_lazy("роль", "спортсменка")),
    "writer": (pgettext_lazy("роль", "писатель"), pgettext_lazy("роль", "писательница")),
    "other": (pgettext_lazy("роль", "персона"), pgettext_lazy("роль", "персона")),
}


class Person(index.Indexed, models.Model):
    """A musician, actor, blogger… with a page at ``/people/<slug>/``."""

    class Category(models.TextChoices):
        MUSICIAN = "musician", _("музыканты")
        ACTOR = "actor", _("актёры")
        BLOGGER = "blogger", _("блогеры")
        DIRECTOR = "director", _("режиссёры")
        ATHLETE = "athlete", _("спортсмены")
        WRITER = "writer", _("писатели")
        OTHER = "other", _("другие")

    name = models.CharField(_("имя"), max_length=200, help_text=_("Как на сайте: Имя Фамилия."))
    registry_name = models.CharField(
        _("имя для поиска упоминаний"),
        max_length=200,
        blank=True,
        help_text=_(
            "Как в реестрах: «Фамилия Имя» — так упоминания находятся во всех падежах. "
            "Пусто — используется имя."
        ),
    )
    aliases = models.TextField(
        _("другие имена"),
        blank=True,
        help_text=_("Псевдонимы и другие написания, по одному в строке."),
    )
    slug = models.SlugField(_("адрес"), max_length=200, unique=True)
    sort_key = models.CharField(
        _("ключ сортировки"), max_length=200, db_index=True, editable=False, default=""
    )
    category = models.CharField(
        _("категория"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    photo = models.ForeignKey(
        "media.CreditedImage",
        verbose_name=_("фото"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("коротко о человеке"), blank=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("category"),
        MultiFieldPanel(
            [FieldPanel("registry_name"), FieldPanel("aliases")], heading=_("поиск упоминаний")
        ),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("профиль звезды или инфлюенсера")
        verbose_name_plural = _("звёзды и инфлюенсеры")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = sort_key_for(self.name)
        if not self.slug:
            self.slug = unique_slug(self, self.name, fallback="person")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("people:person", args=[self.slug])

    @property
    def role(self) -> str:
        """What one person of the category is, in the name's gender: «режиссёр», «актриса»
        (the category's own label is a plural, for lists)."""
        from polosa.legal.engine import names

        words = self.name.split()
        first, surname = (words[0], words[-1]) if len(words) > 1 else ("", self.name)
        female = names.detect_gender(surname=surname, first=first) == names.FEMALE
        masculine, feminine = ROLES.get(self.category, ROLES[self.Category.OTHER])
        return str(feminine if female else masculine)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._matching_before = instance.matching_fields()
        return instance

    def matching_fields(self) -> tuple:
        """What the mention engine sees of this person; a change means a rescan."""
        return (
            self.__dict__.get("name"),
            self.__dict__.get("registry_name"),
            self.__dict__.get("aliases"),
        )

    @property
    def matching_changed(self) -> bool:
        return getattr(self, "_matching_before", None) != self.matching_fields()

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Mention(models.Model):
    """A link between a person and an article, found automatically or set by an editor."""

    class Source(models.TextChoices):
        AUTO = "auto", _("найдено автоматически")
        MANUAL = "manual", _("добавлено вручную")
        REMOVED = "removed", _("убрано вручную")

    person = models.ForeignKey(
        Person, verbose_name=_("человек"), on_delete=models.CASCADE, related_name="mentions"
    )
    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("материал"),
        on_delete=models.CASCADE,
        related_name="person_mentions",
    )
    source = models.CharField(
        _("источник"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    panels = [
        FieldPanel("person"),
        PageChooserPanel("article", page_type="news.ArticlePage"),
        FieldPanel("source"),
    ]

    class Meta:
        verbose_name = _("упоминание человека")
        verbose_name_plural = _("упоминания людей")
        constraints = [
            models.UniqueConstraint(fields=["person", "article"], name="one_mention_per_article")
        ]
        indexes = [models.Index(fields=["article", "source"], name="mention_article_source")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.article_id} ({self.source})"


LINKED_SOURCES = (Mention.Source.AUTO, Mention.Source.MANUAL)

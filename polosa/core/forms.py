"""Admin forms and panels every page type of the newsroom shares: Latin slugs.

A new page's slug comes from its title by the newsroom's transliteration, in the browser
(Wagtail's slug field with :func:`polosa.core.slugs.slug_formatters`) and again on the
server, which is the source of truth: the slug the title gives is made unique within the
parent (``-2``, ``-3``…), an empty one is filled in, a Cyrillic one an editor typed is
transliterated, and a slug an editor chose that a sibling already has is a form error.
An existing page keeps the slug it has, Cyrillic or not, so its address does not change.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import TitleFieldPanel
from wagtail.admin.widgets import SlugInput

from polosa.core import slugs


class NewsroomSlugInput(SlugInput):
    """Wagtail's slug field with the newsroom's transliteration and cut."""

    def __init__(self, attrs: dict | None = None, limit: int = slugs.PAGE_SLUG_LENGTH):
        super().__init__(attrs, formatters=slugs.slug_formatters(limit))


class NewObjectTitlePanel(TitleFieldPanel):
    """The title (a name) fills in the slug while the object is new; a saved author keeps
    the address readers and search engines already know, whatever the name becomes."""

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def get_should_apply(self):
            return self.instance is None or self.instance.pk is None


class LatinSlugPageForm(WagtailAdminPageForm):
    """The page form of every newsroom page type (``base_form_class``)."""

    slug_help = gettext_lazy(
        "Адрес страницы латиницей. Пусто — адрес составится из заголовка; если такой уже "
        "есть в рубрике, к нему добавится номер."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            field = self.fields["slug"]
            field.widget = NewsroomSlugInput(attrs=field.widget.attrs)
            field.required = False
            field.help_text = self.slug_help

    def clean(self):
        if "slug" in self.fields and "slug" in self.cleaned_data and self.parent_page:
            self.settle_slug()
        return super().clean()

    def settle_slug(self) -> None:
        page = self.instance
        given = (self.cleaned_data.get("slug") or "").strip()
        if page.pk and given == page.slug:
            return  # the address it has, even a Cyrillic one from before
        from_title = slugs.page_slug(self.cleaned_data.get("title") or page.title or "")
        slug = slugs.latin(given) if given else from_title
        if slug == from_title:
            self.cleaned_data["slug"] = slugs.free_page_slug(slug, self.parent_page, page)
            return
        self.cleaned_data["slug"] = slug
        if slugs.slug_taken(slug, self.parent_page, page):
            self.add_error(
                "slug",
                _(
                    "Адрес «%(slug)s» уже занят в разделе «%(parent)s». Выберите другой или "
                    "оставьте поле пустым: адрес составится из заголовка."
                )
                % {"slug": slug, "parent": self.parent_page.title},
            )

"""The news admin's forms: the article form (Latin slugs, corrections that stay) and the
authors' form (the slug from the name by the newsroom's transliteration)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from polosa.core import slugs
from polosa.core.forms import LatinSlugPageForm
from polosa.core.typography import slug_for

PUBLISHED_CORRECTION_STAYS = gettext_lazy(
    "Опубликованное исправление нельзя удалить: оно уже было у читателей. "
    "Если заметка неточна, исправьте её текст или добавьте новую."
)


class ArticlePageForm(LatinSlugPageForm):
    """Refuses to remove a correction note readers have seen (the model keeps it anyway,
    see :meth:`polosa.news.models.ArticlePage.settle_corrections`; this says why)."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("corrections")
        if formset is None or not formset.is_valid():
            return cleaned
        if any(form.instance.published_at is not None for form in formset.deleted_forms):
            self.add_error(None, PUBLISHED_CORRECTION_STAYS)
        return cleaned


class AuthorForm(WagtailAdminModelForm):
    """While the author is new, the slug comes from the name (numbered for a namesake:
    ``anna-kim-2``); a slug an editor typed is kept in Latin letters and must be free."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            # Accept Cyrillic as typed: clean_slug transliterates it.
            field = self.fields["slug"]
            self.fields["slug"] = forms.SlugField(
                allow_unicode=True,
                required=False,
                max_length=field.max_length,
                label=field.label,
                help_text=field.help_text,
                widget=field.widget,
            )

    def clean_slug(self) -> str:
        author = self.instance
        given = (self.cleaned_data.get("slug") or "").strip()
        if author.pk and given == author.slug:
            return given
        name = self.cleaned_data.get("name") or author.name or ""
        from_name = slug_for(name, slugs.PAGE_SLUG_LENGTH, fallback="author")
        slug = slugs.latin(given) if given else from_name
        if slug == from_name:
            return slugs.unique_slug(author, name, fallback="author")
        if type(author)._default_manager.exclude(pk=author.pk).filter(slug=slug).exists():
            raise ValidationError(
                _(
                    "Адрес «%(slug)s» уже занят другим автором. Выберите другой или "
                    "оставьте поле пустым."
                ),
                params={"slug": slug},
            )
        return slug

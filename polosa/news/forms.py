"""The article form in the admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

PUBLISHED_CORRECTION_STAYS = _(
    "Опубликованное исправление нельзя удалить: оно уже было у читателей. "
    "Если заметка неточна, исправьте её текст или добавьте новую."
)


class ArticlePageForm(WagtailAdminPageForm):
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

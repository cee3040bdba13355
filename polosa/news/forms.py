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
        if formset is None:
            return cleaned
        for form in formset.forms:
            removing = formset.can_delete and formset._should_delete_form(form)
            if removing and form.instance.published_at is not None:
                self.add_error(None, PUBLISHED_CORRECTION_STAYS)
                break
        return cleaned

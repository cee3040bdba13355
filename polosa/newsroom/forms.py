"""The newsroom's admin forms: the front page's choice and the urgent banner."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput

PAST = _("Это время уже прошло.")


class FrontPageForm(WagtailAdminModelForm):
    """«Первая полоса»: each article once, and no expiry typed in the past.

    An expiry that has passed since it was saved is left alone (the story is simply gone
    from the page): only a time the editor has just entered must lie ahead."""

    def clean(self):
        cleaned = super().clean()
        now = timezone.now()
        lead = cleaned.get("lead")
        until = cleaned.get("lead_until")
        if "lead_until" in self.changed_data and until is not None and until <= now:
            self.add_error("lead_until", PAST)
        formset = self.formsets.get("featured")
        if formset is None or not formset.is_valid():
            return cleaned
        seen = {lead.pk} if lead is not None else set()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("article") is None:
                continue
            article = data["article"]
            if article.pk in seen:
                form.add_error("article", _("Этот материал уже стоит на первой полосе."))
            seen.add(article.pk)
            if "until" in form.changed_data and data.get("until") and data["until"] <= now:
                form.add_error("until", PAST)
        return cleaned


class UrgentBannerForm(forms.Form):
    """«Срочно»: the line readers see (the headline unless changed) and until when."""

    text = forms.CharField(
        label=_("Текст"),
        max_length=200,
        help_text=_("Читатели видят его над каждой страницей; ссылка ведёт на материал."),
    )
    until = forms.DateTimeField(
        label=_("До"),
        widget=AdminDateTimeInput,
        help_text=_("После этого времени плашка исчезнет сама."),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.now():
            raise forms.ValidationError(PAST)
        return until

"""The admin form for uploading a registry file."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: What the admin may upload: the importer (a key of :data:`polosa.legal.importers.FORMATS`)
#: and how the choice reads.
FORMAT_CHOICES = [
    ("foreign_agent", _("Минюст: реестр иностранных агентов (XLSX)")),
    ("undesirable", _("Минюст: перечень нежелательных организаций (XLSX или HTML)")),
    ("extremist", _("Минюст: перечень экстремистских организаций (HTML)")),
    ("terrorist", _("ФСБ: список террористических организаций (HTML)")),
    ("rosfinmonitoring", _("Росфинмониторинг: перечень экстремистов и террористов (HTML)")),
    ("canonical", _("Канонический CSV Полосы (все реестры из файла)")),
]

#: The upload of the blocked-resources registry (not an engine registry: no source for it).
BLOCKED_FORMAT = "blocked"
UPLOAD_CHOICES = [
    *FORMAT_CHOICES,
    (BLOCKED_FORMAT, _("Заблокированные сайты, каналы и аккаунты (CSV)")),
]

#: Larger than any official export (the Minjust XLSX is a few megabytes).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class RegistryUploadForm(forms.Form):
    fmt = forms.ChoiceField(label=_("Реестр и формат файла"), choices=UPLOAD_CHOICES)
    file = forms.FileField(
        label=_("Файл"),
        help_text=_("Файл, скачанный с официального сайта, или выгрузка «polosa legal export»."),
    )
    taken_at = forms.DateTimeField(
        label=_("Когда снята копия"),
        required=False,
        help_text=_(
            "Дата и время, когда файл скачан с официального сайта. Пусто — сейчас. "
            "От неё считается срок свежести реестра."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y"],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Файл слишком большой: %(size)d МБ, допустимо не больше %(limit)d МБ.")
                % {"size": upload.size // 2**20, "limit": MAX_UPLOAD_BYTES // 2**20}
            )
        return upload

    def clean_taken_at(self):
        value = self.cleaned_data.get("taken_at")
        if value is None:
            return timezone.now()
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        if value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("Копия не может быть снята в будущем."))
        return value


class ForceMarkForm(forms.Form):
    """A mark the engine missed: the registry entry and the words of the text it is on."""

    entry = forms.ModelChoiceField(label=_("Запись реестра"), queryset=None)
    phrase = forms.CharField(
        label=_("Слова в тексте"),
        max_length=500,
        help_text=_("Как в тексте материала, например «Воробья». Метка встанет на каждое из них."),
    )
    reason = forms.CharField(label=_("Причина"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:
        from wagtail.snippets.widgets import AdminSnippetChooser

        from polosa.legal.models import RegistryEntry

        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = RegistryEntry.objects.all()
        self.fields["entry"].widget = AdminSnippetChooser(RegistryEntry)

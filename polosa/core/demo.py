"""The demo outlet's imprint: invented, like everything else in the demo."""

from __future__ import annotations

from wagtail.models import Site

from polosa.core.models import OutletSettings
from polosa.core.services import outlet_settings_changed

DEMO_IMPRINT = {
    "registered_name": "Сетевое издание «Полоса»",
    "founder": "ООО «Полоса-медиа»",
    "editor_in_chief": "Иволгина Марфа Тихоновна",
    "editorial_email": "redakciya@polosa.example",
    "editorial_phone": "+7 (495) 000-00-00",
    "registration_number": "ЭЛ № ФС 77-00000",
    "registration_issued": "выдано Роскомнадзором 1 января 2026 г.",
}


def populate(stdout=None) -> None:
    """Fill the imprint of the default site where it is empty (a rerun changes nothing)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    outlet = OutletSettings.objects.get_or_create(site=site)[0]
    empty = {name: value for name, value in DEMO_IMPRINT.items() if not getattr(outlet, name)}
    if not empty:
        return
    for name, value in empty.items():
        setattr(outlet, name, value)
    outlet.save()
    outlet_settings_changed(reason="demo imprint")
    if stdout is not None:
        stdout.write("Выходные данные издания заполнены (вымышленные).")

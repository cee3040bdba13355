"""Public pages of ``polosa.core``: the outlet's imprint (выходные данные).

The health checks in ``views.py`` are for machines; these are for readers, cached as every
public page is, under the keys of what they show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from polosa.core import surrogate
from polosa.core.models import OutletSettings


@dataclass(frozen=True)
class ImprintLine:
    label: str
    value: str
    href: str = ""


def phone_href(phone: str) -> str:
    """A ``tel:`` link for a number as editors write it (``+7 (495) 000-00-00``), up to
    whatever follows the number (``, доб. 12``); empty when there is no number."""
    number = re.match(r"[\s\d()+-]*", phone).group().strip()
    digits = "".join(ch for ch in number if ch.isdigit())
    if not digits:
        return ""
    return "tel:" + ("+" if number.startswith("+") else "") + digits


def imprint_lines(outlet: OutletSettings) -> list[ImprintLine]:
    """The imprint in the order the Mass Media Law lists it, without the fields nobody
    filled in."""
    registration = " ".join(
        part for part in (outlet.registration_number, outlet.registration_issued) if part
    )
    lines = [
        ImprintLine(_("Название издания"), outlet.registered_name or outlet.outlet_name),
        ImprintLine(_("Свидетельство о регистрации СМИ"), registration),
        ImprintLine(_("Учредитель"), outlet.founder),
        ImprintLine(_("Главный редактор"), outlet.editor_in_chief),
        ImprintLine(
            _("Электронная почта редакции"),
            outlet.editorial_email,
            f"mailto:{outlet.editorial_email}" if outlet.editorial_email else "",
        ),
        ImprintLine(
            _("Телефон редакции"), outlet.editorial_phone, phone_href(outlet.editorial_phone)
        ),
        ImprintLine(_("Знак информационной продукции"), outlet.age_sign),
    ]
    return [line for line in lines if line.value]


def imprint(request: HttpRequest) -> HttpResponse:
    """``/redaktsiya/``: the outlet's imprint; purged with the outlet settings."""
    outlet = OutletSettings.for_request(request)
    surrogate.declare(surrogate.SETTINGS)
    return render(request, "core/imprint.html", {"lines": imprint_lines(outlet)})

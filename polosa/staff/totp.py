"""A staff member's second factor: one TOTP device from django-otp, kept per user.

A device is made unconfirmed when the account page is first opened and confirmed by the
first code the authenticator shows; only confirmed devices are asked for at login. The
page keeps showing the same unconfirmed device until it is confirmed, so a reload does not
invalidate a QR code that was already scanned.
"""

from __future__ import annotations

import re
from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

__all__ = [
    "TOTPDevice",
    "confirm",
    "confirmed_device",
    "has_second_factor",
    "pending_device",
    "qr_svg",
    "secret",
    "turn_off",
    "verified_device",
    "verify",
]

DEVICE_NAME = "Приложение-аутентификатор"
CODE = re.compile(r"\d{6}")


def has_second_factor(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device being set up, made on first use."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def normalise(token: str | None) -> str:
    """Authenticators show codes as ``123 456``; people type them so."""
    return re.sub(r"[\s-]", "", token or "")


def verify(device: TOTPDevice, token: str | None) -> bool:
    """Whether ``token`` is the device's current code. Through django-otp, which locks the
    row, refuses a code already used and slows down repeated failures."""
    token = normalise(token)
    if not CODE.fullmatch(token):
        return False
    return django_otp.verify_token(device.user, device.persistent_id, token) is not None


def verified_device(user: AbstractBaseUser, token: str | None) -> TOTPDevice | None:
    """The user's confirmed device that accepts ``token``, if any."""
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        if verify(device, token):
            return device
    return None


def confirm(device: TOTPDevice) -> None:
    """Make ``device`` the user's second factor; any older device stops working."""
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])


def turn_off(user: AbstractBaseUser) -> None:
    TOTPDevice.objects.devices_for_user(user).delete()


def secret(device: TOTPDevice) -> str:
    """The key as authenticators ask for it when typed by hand: base32, in groups of four."""
    encoded = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(encoded[start : start + 4] for start in range(0, len(encoded), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The device's ``otpauth://`` address as an inline SVG QR code, drawn on the server
    so the secret never leaves for a third-party service."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=8,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg)  # noqa: S308 — qrcode's own markup, with no user text in it

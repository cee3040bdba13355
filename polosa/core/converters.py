"""Path converters shared by the apps' URLs (registered when this module is imported)."""

from __future__ import annotations

from django.urls import register_converter


class RowId:
    """A database id: at most 18 digits, so a longer number is a 404, not an integer the
    database cannot hold (an ``OverflowError``, a 500). Django's ``int`` takes any number
    of digits."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowId, "row_id")

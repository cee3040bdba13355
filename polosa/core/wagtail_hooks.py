"""The admin hooks of ``polosa.core``: concurrent saves of one page (``editing.py``)."""

from __future__ import annotations

from wagtail import hooks

from polosa.core import editing


@hooks.register("before_edit_page")
def hold_concurrent_save(request, page):
    editing.hold_concurrent_save(request, page)


@hooks.register("after_edit_page")
def tell_about_concurrent_save(request, page):
    editing.tell_about_concurrent_save(request, page)

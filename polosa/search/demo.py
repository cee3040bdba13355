"""The demo's search index: built once the other apps have added their content (the demo
loads articles in bulk, without Wagtail's publication signals that keep the index)."""

from __future__ import annotations


def populate(stdout=None) -> None:
    from django.core.management import call_command

    from polosa.search.index import rebuild

    written = rebuild()
    # The admin's search (Wagtail's own index, lemmatised by polosa.search.backend).
    call_command("wagtail_update_index", verbosity=0)
    if stdout is not None:
        stdout.write(f"В поисковом индексе материалов: {written}")

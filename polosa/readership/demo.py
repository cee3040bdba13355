"""Demo «Читайте также»: every list, computed once the articles, titles and people exist
(``polosa demo`` runs this after the apps whose data the lists are made of)."""

from __future__ import annotations


def populate(stdout=None) -> None:
    from polosa.readership.services import related_rebuild

    done = related_rebuild()
    if stdout is not None:
        stdout.write(f"Списков «Читайте также»: {done}")

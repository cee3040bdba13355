"""A live blog with a few entries, at fixed times of one evening."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from polosa.live import content, services
from tests.distribution.conftest import bot, fake_clock  # noqa: F401 - the fake Bot API


@pytest.fixture
def blog_factory(rubrics):
    def make(title: str = "Ночь музеев: онлайн-трансляция", **fields):
        fields.setdefault("published_at", timezone.now() - timedelta(hours=3))
        fields.setdefault("lead", "Рассказываем, что происходит в городе.")
        return content.create_live_blog(fields.pop("rubric", rubrics[0]), title=title, **fields)

    return make


@pytest.fixture
def blog(blog_factory):
    return blog_factory()


def paragraph(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def add_entry(blog):
    """``add_entry("Текст", minutes_ago=…, key_event=…, title=…)``: through the service."""

    def add(text: str, *, minutes_ago: float = 0, target=None, **fields):
        return services.add_entry(
            target or blog,
            body=paragraph(text),
            shown_at=timezone.now() - timedelta(minutes=minutes_ago),
            **fields,
        )

    return add


@pytest.fixture
def write_entry(add_entry):
    """``write_entry("add" | "edit" | "delete", entry)``: one more entry, the entry's title
    changed, or the entry deleted, each through the service."""

    def write(kind: str, entry) -> None:
        if kind == "add":
            add_entry("Ещё одна запись")
        elif kind == "edit":
            entry.title = "Заголовок появился"
            services.save_entry(entry)
        else:
            services.delete_entry(entry)

    return write


#: The foreign agent «Орлов Пётр Ильич» named by surname only: the engine is unsure (a
#: ``review`` mention) until the legal reviewer decides.
UNCERTAIN = "Вчера Орлов выступил на митинге."


@pytest.fixture
def orlov(db):
    """A foreign agent in the legal registry, with the matcher reloaded to know him."""
    from polosa.legal import registry
    from polosa.legal.models import RegistryEntry

    entry = RegistryEntry.objects.create(
        external_id="fa-orlov",
        kind="foreign_agent",
        entity_type="person",
        name="Орлов Пётр Ильич",
    )
    registry.bump_version()
    registry.forget()
    yield entry
    registry.forget()

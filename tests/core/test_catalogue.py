"""The Russian catalogue: compiled from its source when stale, and giving Russian's three
plural forms where gettext alone knows two."""

import os

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from polosa.core import catalogue


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 проверка упоминания"),
        (3, "3 проверки упоминаний"),
        (5, "5 проверок упоминаний"),
        (11, "11 проверок упоминаний"),
        (21, "21 проверка упоминания"),
        (104, "104 проверки упоминаний"),
    ],
)
def test_counts_take_the_russian_plural_form(count, expected):
    with translation.override("ru"):
        text = ngettext("%(count)d проверка упоминания", "%(count)d проверки упоминаний", count)
    assert text % {"count": count} == expected


def test_a_catalogue_newer_than_its_compiled_form_is_compiled_again(tmp_path, monkeypatch):
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    source = folder / "django.po"
    source.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Полоса"\nmsgstr "Полоса"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path)
    assert catalogue.stale_catalogues() == [source]
    assert catalogue.ensure_compiled() == [source]
    assert catalogue.stale_catalogues() == []
    later = source.with_suffix(".mo").stat().st_mtime + 10
    os.utime(source, (later, later))
    assert catalogue.stale_catalogues() == [source]


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("There are no %(model_name)s to display.", "Раздел «%(model_name)s» пока пуст."),
        ("%(model_name)s '%(object)s' deleted.", "Удалено: %(model_name)s «%(object)s»."),
        ("Administrator", "Суперпользователь"),
    ],
    ids=["empty list", "deleted", "superuser box"],
)
def test_wagtail_messages_built_from_model_names_read_right_for_any_name(msgid, expected):
    from django.utils.translation import gettext

    with translation.override("ru"):
        assert gettext(msgid) == expected

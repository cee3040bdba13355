"""Russian in the admin (issue 10): every Polosa model names itself and its fields in Russian.

Wagtail builds its headings, buttons and column titles from ``verbose_name``,
``verbose_name_plural`` and the fields' verbose names («Добавить %(model_name)s», «Нет
%(model_name)s для отображения»), and Django's defaults are English («updated at», «sort
order», a plural made by adding «s»). Each model is a case of its own, so a failure names it.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.utils import translation

#: Latin words an editor may see on a Russian screen: names and abbreviations (and the
#: brand names a help text gives as an example of a registry's aliases).
ALLOWED = {"Telegram", "URL", "RSS", "ID", "SEO", "TOTP", "Unix", "JSON", "HTML", "SMS"}
ALLOWED |= {"Meta", "Facebook"}

#: Apps other engineers own; their cases are expected to fail until they are done.
NOT_OURS = {"polosa.news", "polosa.search"}

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def polosa_models():
    for config in apps.get_app_configs():
        if config.name.startswith("polosa."):
            yield from config.get_models()


def latin_words(text) -> list[str]:
    return [word for word in LATIN_WORD.findall(str(text)) if word not in ALLOWED]


def english_names(model) -> list[str]:
    """``what: text`` for every name of ``model`` with a Latin word outside :data:`ALLOWED`."""
    opts = model._meta
    found = []
    with translation.override("ru"):
        for what in ("verbose_name", "verbose_name_plural"):
            if latin_words(getattr(opts, what)):
                found.append(f"{what}: {getattr(opts, what)}")
        for field in opts.concrete_fields:
            if not field.model._meta.app_config.name.startswith("polosa."):
                continue  # a column of Wagtail's own table (a page's «path», «depth»)
            if field.auto_created and field.one_to_one:
                continue  # the link to a parent model's table, never shown to editors
            if latin_words(field.verbose_name):
                found.append(f"{field.name}: {field.verbose_name}")
            if latin_words(field.help_text):
                found.append(f"{field.name} help: {field.help_text}")
    return found


def _case(model):
    marks = []
    if model._meta.app_config.name in NOT_OURS and english_names(model):
        marks.append(pytest.mark.xfail(reason="news/search owner", strict=False))
    return pytest.param(model, id=model._meta.label, marks=marks)


@pytest.mark.parametrize("model", [_case(model) for model in polosa_models()])
def test_model_speaks_russian(model):
    assert english_names(model) == []


def test_allowed_words_are_not_everything():
    assert latin_words("Display name") == ["Display", "name"]
    assert latin_words("пост в Telegram") == []
    assert latin_words("18+") == []


def snippet_columns():
    """``(label, column)`` of every column a snippet's admin list shows."""
    from wagtail.snippets.models import get_snippet_models

    for model in get_snippet_models():
        viewset = getattr(model, "snippet_viewset", None)
        for column in getattr(viewset, "list_display", None) or []:
            yield model._meta.label, column


@pytest.mark.parametrize(
    ("label", "column"),
    [
        pytest.param(label, column, id=f"{label}.{getattr(column, 'name', column)}")
        for label, column in snippet_columns()
    ],
)
def test_snippet_column_titles_are_russian(label, column):
    """No «Display name» or «Updated at» above a column of an admin list."""
    from django.contrib.admin.utils import label_for_field

    with translation.override("ru"):
        if isinstance(column, str):
            title = label_for_field(column, apps.get_model(label))
        else:
            title = column.label
        assert latin_words(title) == []

"""The demo registry loads and its articles show labels."""

import io

import pytest

from polosa.legal import demo, registry
from polosa.legal.models import RegistryEntry
from polosa.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_demo_populate(client, rubrics, settings, tmp_path, on_commit_at_once):
    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    registry.forget()
    out = io.StringIO()
    demo.populate(out)
    demo.populate(out)  # twice: no duplicates
    assert RegistryEntry.objects.count() == 6
    assert ArticlePage.objects.filter(title__startswith="Аркадий Перепёлкин").count() == 1
    article = ArticlePage.objects.get(title__startswith="Аркадий Перепёлкин")
    page = client.get(article.url).content.decode()
    assert "Перепёлкин*" in page and "Инстаграме**" in page
    column = ArticlePage.objects.get(title__startswith="Колонка")
    assert "ИНОСТРАННЫМ АГЕНТОМ" in client.get(column.url).content.decode()
    assert set(registry.stale_kinds()) == {"undesirable", "rosfinmonitoring"}
    registry.forget()

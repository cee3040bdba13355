"""The console commands behind `make demo` and the benchmarks."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from polosa.news.models import ArticlePage, RubricPage

pytestmark = pytest.mark.django_db


def test_generate_creates_published_articles_across_the_four_rubrics():
    out = io.StringIO()
    call_command("generate", articles=12, stdout=out, stderr=io.StringIO())
    assert "Создано материалов: 12" in out.getvalue()
    articles = ArticlePage.objects.live()
    assert articles.count() == 12
    rubrics = {article.get_parent().slug for article in articles}
    assert rubrics == {"novosti", "muzyka", "kino", "obraz-zhizni"}
    assert all(article.published_at for article in articles)
    assert RubricPage.objects.count() == 4


def test_generate_refuses_a_non_positive_count():
    with pytest.raises(CommandError):
        call_command("generate", articles=0)


def test_generated_articles_are_served(client):
    call_command("generate", articles=3, stdout=io.StringIO(), stderr=io.StringIO())
    for article in ArticlePage.objects.all():
        assert client.get(article.url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_worker_burst_runs_the_queue_and_exits():
    """The worker closes stale connections between cycles, so it runs outside a test
    transaction, as in production."""
    call_command("worker", burst=True)


def test_the_admin_speaks_russian(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.com", "pass")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="ru"' in body
    assert "Сохранить изменения" in body and "Поиск" in body


def test_demo_text_declines_cast_names_by_case():
    from polosa.news.demo_text import CastMember

    member = CastMember("Вероника", "Загорская", female=True, category="blogger")
    assert member.declined("gent") == "Вероники Загорской"
    assert member.declined("ablt") == "Вероникой Загорской"
    assert CastMember("Никита", "Орлов", False, "actor").declined("datv") == "Никите Орлову"


@pytest.mark.parametrize(
    ("argv", "port"),
    [
        (["polosa", "demo"], 8000),
        (["polosa", "demo", "--port", "8123"], 8123),
        (["polosa", "demo", "--no-serve", "--port=9001"], 9001),
    ],
)
def test_polosa_demo_puts_every_absolute_url_on_its_port(monkeypatch, tmp_path, argv, port):
    """Canonical links, feeds, sitemaps and Telegram links are built on POLOSA_BASE_URL,
    which the demo sets from its --port before the settings load."""
    import django.core.management

    import polosa.__main__ as entry

    seen = {}
    monkeypatch.setenv("POLOSA_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("POLOSA_BASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(entry.sys, "argv", argv)
    monkeypatch.setattr(
        django.core.management,
        "execute_from_command_line",
        lambda args: seen.update(base=entry.os.environ["POLOSA_BASE_URL"]),
    )
    entry.main()
    assert seen["base"] == f"http://127.0.0.1:{port}"


def test_a_base_url_set_by_hand_wins_over_the_demos_port(monkeypatch, tmp_path):
    import django.core.management

    import polosa.__main__ as entry

    seen = {}
    monkeypatch.setenv("POLOSA_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("POLOSA_BASE_URL", "https://polosa.example")
    monkeypatch.setattr(entry.sys, "argv", ["polosa", "demo", "--port", "8123"])
    monkeypatch.setattr(
        django.core.management,
        "execute_from_command_line",
        lambda args: seen.update(base=entry.os.environ["POLOSA_BASE_URL"]),
    )
    entry.main()
    assert seen["base"] == "https://polosa.example"

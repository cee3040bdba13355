"""Scheduled registry updates against a registry source on 127.0.0.1: a good copy is
imported and reported (new entries, exclusions, the archive articles that now need a mark);
a broken, truncated, missing or hanging copy leaves the last good one in force; the
worker's sweep queues each due source once; the reports are in the admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import RichText

from polosa.legal import gate, registry, tasks, updates
from polosa.legal.models import RegistryEntry, RegistryImport, RegistrySource, RegistryUpdate

from .fake_registry_server import FakeRegistryServer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_at_once")]

HEADER = "id,kind,entity_type,name,aliases,included_on,excluded_on,footnote\n"
ROWS = [
    "fa-1,foreign_agent,person,Перепёлкин Аркадий Семёнович,,2023-04-07,,",
    "fa-2,foreign_agent,person,Загорская Вероника Павловна,Ника Заря,2022-11-11,,",
    "fa-3,foreign_agent,organisation,Фонд «Открытый горизонт»,Открытый горизонт,2021-05-14,,",
    "fa-4,foreign_agent,person,Снегирёв Остап Лукич,,2024-02-02,,",
    "fa-5,foreign_agent,person,Кукушкина Ирма Витальевна,,2024-03-03,,",
]
NEW_ROW = "fa-6,foreign_agent,person,Дятлов Евсей Маркович,,2026-11-20,,"


def csv(rows) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


@pytest.fixture
def server():
    fake = FakeRegistryServer()
    yield fake
    fake.close()


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.POLOSA_LEGAL_FETCH_TIMEOUT = 0.5
    registry.forget()
    yield
    registry.forget()


@pytest.fixture
def source(server):
    server.files["/registry.csv"] = csv(ROWS)
    made = RegistrySource.objects.create(
        name="Зеркало редакции", fmt="canonical", url=server.url("/registry.csv")
    )
    first = updates.check_source(made)
    assert first.status == RegistryUpdate.Status.IMPORTED, first.message
    return made


def test_a_good_copy_is_imported_and_reports_new_entries_exclusions_and_articles(
    source, server, article_factory
):
    article = article_factory(
        "Встреча орнитологов",
        body=[("paragraph", RichText("<p>Выступил Евсей Дятлов, а за ним другие.</p>"))],
    )
    excluded = ROWS[4].replace("2024-03-03,,", "2024-03-03,2026-11-25,")
    server.files["/registry.csv"] = csv([*ROWS[:4], excluded, NEW_ROW])
    report = updates.check_source(source)
    assert report.status == RegistryUpdate.Status.IMPORTED
    assert [item["name"] for item in report.added] == ["Дятлов Евсей Маркович"]
    assert [item["name"] for item in report.excluded] == ["Кукушкина Ирма Витальевна"]
    assert report.articles == [
        {"id": article.pk, "title": "Встреча орнитологов", "entries": ["Дятлов Евсей Маркович"]}
    ]
    assert report.articles_total == 1
    assert RegistryEntry.objects.filter(external_id="fa-6").exists()
    registry.forget()
    assert registry.current().matcher.mark("<p>Евсей Дятлов</p>").html == "<p>Евсей Дятлов*</p>"


def test_an_entry_gone_from_the_list_is_reported_as_an_exclusion(source, server):
    server.files["/registry.csv"] = csv([*ROWS[:4], NEW_ROW])
    report = updates.check_source(source)
    assert report.status == RegistryUpdate.Status.IMPORTED
    assert [item["name"] for item in report.excluded] == ["Кукушкина Ирма Витальевна"]


def test_the_same_copy_again_only_renews_the_registrys_freshness(source):
    copies = RegistryImport.objects.count()
    report = updates.check_source(source)
    assert report.status == RegistryUpdate.Status.UNCHANGED
    assert RegistryImport.objects.count() == copies + 1
    assert RegistryEntry.objects.count() == len(ROWS)


def entries_now() -> set[str]:
    return set(RegistryEntry.objects.values_list("external_id", flat=True))


@pytest.mark.parametrize(
    ("body", "path", "status", "message"),
    [
        pytest.param(
            b"id,kind\nfa-1,foreign_agent\n",
            "/registry.csv",
            RegistryUpdate.Status.REFUSED,
            "копия не читается",
            id="a broken copy",
        ),
        pytest.param(
            csv(ROWS[:3]),
            "/registry.csv",
            RegistryUpdate.Status.REFUSED,
            "в копии 3 записей против 5 в прежней: убыль больше 20 %",
            id="a truncated copy",
        ),
        pytest.param(
            None, "/missing.csv", RegistryUpdate.Status.FAILED, "сервер ответил 404", id="404"
        ),
        pytest.param(
            None, "/registry.csv", RegistryUpdate.Status.FAILED, "не ответил за 0.5 с", id="timeout"
        ),
    ],
)
def test_a_bad_copy_leaves_the_last_good_one_in_force(source, server, body, path, status, message):
    before = entries_now()
    if path == "/registry.csv":
        server.files[path] = body  # None: the server hangs past the timeout
    else:
        source.url = server.url(path)  # nothing there
    report = updates.check_source(source)
    assert report.status == status
    assert message in report.message
    assert entries_now() == before
    assert RegistryUpdate.objects.filter(status=RegistryUpdate.Status.IMPORTED).count() == 1


def test_a_copy_that_drops_less_than_the_limit_is_imported(source, server):
    server.files["/registry.csv"] = csv(ROWS[:4])
    assert updates.check_source(source).status == RegistryUpdate.Status.IMPORTED


def test_the_sweep_queues_each_due_source_once(server):
    server.files["/registry.csv"] = csv(ROWS)
    due = RegistrySource.objects.create(
        name="Минюст", fmt="canonical", url=server.url("/registry.csv")
    )
    RegistrySource.objects.create(
        name="Пока рано",
        fmt="canonical",
        url=server.url("/later.csv"),
        next_check_at=timezone.now() + timedelta(hours=3),
    )
    RegistrySource.objects.create(
        name="Выключен", fmt="canonical", url=server.url("/off.csv"), enabled=False
    )
    note = tasks.registry_updates_due(census=None)
    assert note == "1 источник реестра поставлен на проверку"
    assert server.requests == ["/registry.csv"]
    assert list(RegistryUpdate.objects.values_list("source__name", "status")) == [
        ("Минюст", RegistryUpdate.Status.IMPORTED)
    ]
    due.refresh_from_db()
    assert due.next_check_at > timezone.now() + timedelta(hours=23)
    assert tasks.registry_updates_due(census=None) is None
    assert server.requests == ["/registry.csv"]


def test_a_source_is_claimed_by_one_worker_only(server):
    made = RegistrySource.objects.create(name="Минюст", fmt="canonical", url=server.url("/x.csv"))
    seen_by_both = RegistrySource.objects.get(pk=made.pk)
    assert updates.claim(made) is True
    assert updates.claim(seen_by_both) is False


@pytest.fixture
def lawyer(client):
    user = User.objects.create_user("lawyer", "lawyer@example.com", "pw")
    user.groups.add(Group.objects.get(name=gate.LEGAL_GROUP))
    client.force_login(user)
    return client


def test_the_lawyer_sets_a_source_and_reads_its_reports_in_the_admin(
    lawyer, server, article_factory
):
    server.files["/registry.csv"] = csv(ROWS)
    response = lawyer.post(
        reverse("wagtailsnippets_legal_registrysource:add"),
        {
            "name": "Зеркало редакции",
            "fmt": "canonical",
            "url": server.url("/registry.csv"),
            "enabled": "on",
            "interval_hours": "24",
            "max_drop_percent": "20",
            "next_check_at": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    source = RegistrySource.objects.get()
    article_factory("Слёт", body=[("paragraph", RichText("<p>Приехал Евсей Дятлов.</p>"))])
    updates.check_source(source)
    server.files["/registry.csv"] = csv([*ROWS, NEW_ROW])
    report = updates.check_source(source)
    listing = lawyer.get(reverse("wagtailsnippets_legal_registryupdate:list"))
    assert listing.status_code == 200
    assert "импортирована новая копия" in listing.content.decode()
    inspect = lawyer.get(reverse("wagtailsnippets_legal_registryupdate:inspect", args=[report.pk]))
    text = inspect.content.decode()
    assert "Дятлов Евсей Маркович (иностранные агенты)" in text
    assert "Слёт" in text
    assert lawyer.get(reverse("wagtailsnippets_legal_registryupdate:add")).status_code in (302, 403)

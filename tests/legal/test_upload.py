"""Uploading registry files in the admin: every official format, a broken file changes
nothing, only legal reviewers and administrators may import, CSRF is enforced."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from polosa.legal import gate, registry
from polosa.legal.apps import ensure_legal_group
from polosa.legal.models import RegistryEntry, RegistryImport

from .conftest import XLSX_ROWS, make_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_at_once")]

URL = "/admin/legal/import/"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    registry.forget()
    yield
    registry.forget()


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    client.user = user
    return client


def _user(username: str, *, admin: bool = True, legal: bool = False) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", "pw")
    if admin:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if legal:
        ensure_legal_group()
        user.groups.add(Group.objects.get(name=gate.LEGAL_GROUP))
    return user


def upload(client, fmt: str, name: str, data: bytes, **extra):
    return client.post(
        URL, {"fmt": fmt, "file": SimpleUploadedFile(name, data), **extra}, follow=True
    )


def _text(response) -> str:
    return response.content.decode()


def test_the_url_is_named():
    assert reverse("legal_import") == URL


def test_the_form_lists_every_format_in_russian(admin_client):
    page = _text(admin_client.get(URL))
    assert "Загрузка реестра" in page
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page
    for label in (
        "Минюст: реестр иностранных агентов (XLSX)",
        "Минюст: перечень экстремистских организаций (HTML)",
        "ФСБ: список террористических организаций (HTML)",
        "Росфинмониторинг: перечень экстремистов и террористов (HTML)",
        "Канонический CSV Полосы",
    ):
        assert label in page, label
    assert "Загрузить и импортировать" in page


def test_a_good_upload_imports_and_says_how_many_and_the_copy_date(admin_client, xlsx_bytes):
    response = upload(
        admin_client, "foreign_agent", "reestr.xlsx", xlsx_bytes, taken_at="2025-05-01T10:30"
    )
    assert response.redirect_chain == [(URL, 302)]
    page = _text(response)
    assert "иностранные агенты: импортировано записей — 4 (новых 4, изменено 0, удалено 0)" in page
    assert "Копия реестра снята 01.05.2025 10:30" in page
    assert RegistryEntry.objects.filter(kind="foreign_agent").count() == 4
    copy = RegistryImport.objects.get(kind="foreign_agent")
    assert (copy.source_name, copy.row_count, copy.imported_by) == (
        "reestr.xlsx",
        4,
        admin_client.user,
    )
    assert copy.taken_at.strftime("%d.%m.%Y") == "01.05.2025"
    # The new entries label articles at once.
    assert "fa-" in next(iter(registry.current().entries))


def test_without_a_copy_date_the_copy_is_taken_now(admin_client, xlsx_bytes):
    upload(admin_client, "foreign_agent", "reestr.xlsx", xlsx_bytes)
    assert registry.freshness()["foreign_agent"] == "fresh"
    page = _text(admin_client.get(URL))
    assert "reestr.xlsx" in page and "свежая" in page


@pytest.mark.parametrize(
    ("fmt", "fixture", "kind", "rows"),
    [
        ("extremist", "extremist.html", "extremist", None),
        ("terrorist", "terrorist.html", "terrorist", None),
        ("rosfinmonitoring", "rosfinmonitoring.html", "rosfinmonitoring", None),
        ("canonical", "canonical.csv", None, 4),
    ],
)
def test_every_official_format(admin_client, fixture_bytes, fmt, fixture, kind, rows):
    from polosa.legal.importers import parse_file

    data = fixture_bytes(fixture)
    expected, _ = parse_file(fmt, data)
    page = _text(upload(admin_client, fmt, fixture, data))
    assert f"импортировано записей — {rows or len(expected)} " in page
    assert RegistryEntry.objects.count() == len(expected)
    if kind:
        assert set(RegistryEntry.objects.values_list("kind", flat=True)) == {kind}


def _state():
    return (
        sorted(RegistryEntry.objects.values_list("external_id", "name", "included_on")),
        RegistryImport.objects.count(),
        registry.current_version(),
    )


def test_a_broken_file_shows_the_row_and_changes_nothing(admin_client, xlsx_bytes):
    upload(admin_client, "foreign_agent", "good.xlsx", xlsx_bytes)
    before = _state()
    broken = make_xlsx(
        [
            XLSX_ROWS[0],
            [2, "Новиков Олег", "", "Физическое лицо", "", "31.02.2024", ""],
        ]
    )
    response = upload(admin_client, "foreign_agent", "broken.xlsx", broken)
    assert response.redirect_chain == []
    page = _text(response)
    assert "Файл не импортирован, ничего не изменено" in page
    assert "строка 5: неверная дата «31.02.2024»" in page
    assert "импортировано записей" not in page
    assert _state() == before


@pytest.mark.parametrize(
    ("fmt", "name", "data", "message"),
    [
        ("foreign_agent", "list.html", b"<html><body><p>1. X</p></body></html>", "XLSX"),
        ("extremist", "list.html", b"<html><body><p>Nothing here</p></body></html>", "строка"),
        ("canonical", "r.csv", b"id,kind\n", "строка 1: в заголовке нет столбцов"),
        (
            "canonical",
            "r.csv",
            "id,kind,entity_type,name,aliases,included_on,excluded_on,footnote\n"
            "a,alien,person,Икс,,,,\n".encode(),
            "строка 2: неизвестный реестр (kind) «alien»",
        ),
    ],
)
def test_wrong_or_broken_files_are_refused(admin_client, xlsx_bytes, fmt, name, data, message):
    upload(admin_client, "foreign_agent", "good.xlsx", xlsx_bytes)
    before = _state()
    page = _text(upload(admin_client, fmt, name, data))
    assert "Файл не импортирован, ничего не изменено" in page
    assert message in page
    assert _state() == before


def test_form_errors(admin_client, xlsx_bytes):
    page = _text(admin_client.post(URL, {"fmt": "foreign_agent"}))
    assert "Требуется заполнить это поле" in page
    page = _text(upload(admin_client, "nonsense", "x.xlsx", xlsx_bytes))
    assert "Выберите корректный вариант" in page
    page = _text(
        upload(admin_client, "foreign_agent", "x.xlsx", xlsx_bytes, taken_at="2999-01-01T00:00")
    )
    assert "Копия не может быть снята в будущем" in page
    assert RegistryEntry.objects.count() == 0


def test_anonymous_users_are_sent_to_log_in(client, xlsx_bytes):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(
        URL, {"fmt": "foreign_agent", "file": SimpleUploadedFile("a.xlsx", xlsx_bytes)}
    )
    assert response.status_code == 302
    assert RegistryEntry.objects.count() == 0


def test_users_without_admin_access_are_refused(client, xlsx_bytes):
    client.force_login(_user("reader", admin=False))
    response = client.post(
        URL, {"fmt": "foreign_agent", "file": SimpleUploadedFile("a.xlsx", xlsx_bytes)}
    )
    assert response.status_code in (302, 403)
    assert RegistryEntry.objects.count() == 0


def test_editors_outside_the_legal_group_are_refused(client, xlsx_bytes):
    """Wagtail answers a refused admin view with a redirect to the dashboard and a message."""
    client.force_login(_user("editor"))
    response = client.get(URL, follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert "у вас нет доступа" in _text(response)
    data = {"fmt": "foreign_agent", "file": SimpleUploadedFile("a.xlsx", xlsx_bytes)}
    response = client.post(URL, data)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert RegistryEntry.objects.count() == 0
    assert RegistryImport.objects.count() == 0
    assert URL not in _text(client.get("/admin/"))


def test_the_legal_group_may_import_and_sees_the_menu_item(client, xlsx_bytes):
    lawyer = _user("lawyer", legal=True)
    client.force_login(lawyer)
    assert URL in _text(client.get("/admin/"))
    page = _text(upload(client, "foreign_agent", "reestr.xlsx", xlsx_bytes))
    assert "импортировано записей — 4" in page
    assert RegistryImport.objects.get().imported_by == lawyer


def test_csrf_is_enforced(xlsx_bytes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.create_superuser("chief", "c@example.com", "pw"))
    data = {"fmt": "foreign_agent", "file": SimpleUploadedFile("a.xlsx", xlsx_bytes)}
    assert client.post(URL, data).status_code == 403
    assert RegistryEntry.objects.count() == 0
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _text(client.get(URL)))[1]
    data = {
        "fmt": "foreign_agent",
        "file": SimpleUploadedFile("a.xlsx", xlsx_bytes),
        "csrfmiddlewaretoken": token,
    }
    assert client.post(URL, data).status_code == 302
    assert RegistryEntry.objects.count() == 4

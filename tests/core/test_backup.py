"""``polosa backup`` and ``polosa restore``.

An archive restored into an empty database gives back every row of every table and every
media file byte for byte, on SQLite and on PostgreSQL. A corrupt, truncated, tampered,
foreign or too-new archive, or a target that already holds content, is refused with a
clear message and the target is left exactly as it was.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone
from wagtail.models import Collection
from wagtail.rich_text import RichText

from polosa.core import backup
from polosa.legal.models import EntityType, Kind, RegistryEntry
from polosa.titles.models import Title
from polosa.titles.votes import record_vote
from tests.conftest import requires_postgres

SUITE_DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = "postgres" in SUITE_DATABASE_URL
requires_sqlite = pytest.mark.skipif(
    ON_POSTGRES, reason="needs SQLite: the suite runs on PostgreSQL here (its own test covers it)"
)
SECRET_KEY = "polosa-test-suite-only-not-secret"


# --- The newsroom to back up -------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    """This test's own media folder (the suite's is shared by every test)."""
    root = tmp_path / "source-media"
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def committed_db(transactional_db):
    """Committed rows, as a backup of a running site sees them. The flush between such
    tests also empties what the migrations created; Wagtail needs its root collection."""
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


def fill_newsroom(media_root: Path, make_article, make_image) -> dict:
    """Articles with pictures and a rendition, published and draft revisions, a reader's
    vote, a registry entry and a document with a Cyrillic name."""
    photo = make_image("Склад после пожара", credit="Иван Зорин / Полоса")
    photo.get_rendition("fill-320x180")
    fire = make_article(
        "Пожар на складе в Подольске",
        main_image=photo,
        lead="Огонь охватил 2000 квадратных метров.",
        body=[("paragraph", RichText("<p>Пожарные работали всю ночь.</p>"))],
    )
    fire.save_revision().publish()
    fire.title = "Пожар на складе в Подольске потушен"
    fire.save_revision()  # a draft on top of the published text
    draft = make_article("Черновик о выборах", live=False, main_image=make_image("Урна"))
    draft.save_revision()
    film = Title.objects.create(name="Брат", slug="brat", year=1997)
    record_vote(film, "reader-4f2a", 9)
    RegistryEntry.objects.create(
        external_id="fa-0001",
        kind=Kind.FOREIGN_AGENT,
        entity_type=EntityType.PERSON,
        name="Иванов Иван Иванович",
        aliases="Иван Иванов",
        included_on=date(2024, 3, 1),
    )
    (media_root / "documents").mkdir(parents=True, exist_ok=True)
    (media_root / "documents" / "справка о пожаре.pdf").write_bytes(b"%PDF-1.4 " * 100)
    return {"fire": fire, "draft": draft, "film": film}


@pytest.fixture
def newsroom(committed_db, media_root, article_factory, image_factory):
    return fill_newsroom(media_root, article_factory, image_factory)


# --- Empty targets -----------------------------------------------------------------------


@pytest.fixture
def empty_database_url(tmp_path):
    """An empty database on the suite's engine: a SQLite file that does not exist yet, or
    a new PostgreSQL database with no tables, dropped afterwards."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'restored' / 'polosa.sqlite3'}"
        return
    name = f"polosa_backup_{secrets.token_hex(4)}"
    server = {**dj_database_url.parse(SUITE_DATABASE_URL), "NAME": "postgres"}
    with backup.open_database(server) as connection, connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield urlsplit(SUITE_DATABASE_URL)._replace(path=f"/{name}").geturl()
    with backup.open_database(server) as connection, connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def settings_of(url: str) -> dict:
    return dj_database_url.parse(url)


def suite_database() -> dict:
    return connections["default"].settings_dict


def make_archive(path: Path, media: Path) -> Path:
    return backup.create_backup(database=suite_database(), media_root=media, output=path).archive


# --- What is compared --------------------------------------------------------------------


def every_row(database: dict) -> dict[str, list[tuple]]:
    """Every table's rows, in a stable order."""
    with backup.open_database(database) as connection, connection.cursor() as cursor:
        rows = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            rows[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
        return rows


def one_column(database: dict, sql: str) -> list:
    with backup.open_database(database) as connection, connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted(row[0] if len(row) == 1 else tuple(row) for row in cursor.fetchall())


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def polosa(*arguments: str, database_url: str, var_dir: Path) -> subprocess.CompletedProcess:
    """The console command in a process of its own, configured as a deployment is."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "POLOSA_VAR_DIR": str(var_dir),
        "SECRET_KEY": SECRET_KEY,
    }
    for shared in ("REDIS_URL", "POLOSA_VARNISH_URL", "POLOSA_PURGE_LOG"):
        environment.pop(shared, None)
    return subprocess.run(
        [sys.executable, "-m", "polosa", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


# --- Round trips -------------------------------------------------------------------------


def assert_round_trip(media_root: Path, empty_url: str, tmp_path: Path, capsys):
    archive = tmp_path / "archive.tar.gz"
    call_command("backup", output=archive)
    summary = capsys.readouterr().out
    assert "Архив:" in summary and "материалов — 2" in summary and "голосов — 1" in summary

    var_dir = tmp_path / "restored-var"
    result = polosa("restore", str(archive), database_url=empty_url, var_dir=var_dir)
    assert result.returncode == 0, result.stderr
    assert "Восстановлено из" in result.stdout and "материалов — 2" in result.stdout.lower()

    source, restored = suite_database(), settings_of(empty_url)
    assert every_row(restored) == every_row(source)
    titles = one_column(restored, "SELECT title FROM wagtailcore_page WHERE depth = 4")
    assert [title.replace("\xa0", " ") for title in titles] == [
        "Пожар на складе в Подольске",
        "Черновик о выборах",
    ]
    assert len(one_column(restored, "SELECT id FROM wagtailcore_revision")) == 3
    assert one_column(restored, "SELECT reader, value FROM titles_vote") == [("reader-4f2a", 9)]
    assert one_column(restored, "SELECT votes_count, votes_sum FROM titles_title") == [(1, 9)]
    assert one_column(restored, "SELECT name FROM legal_registryentry") == ["Иванов Иван Иванович"]

    restored_files = checksums(var_dir / "media")
    assert restored_files == checksums(media_root)
    assert "documents/справка о пожаре.pdf" in restored_files
    assert sum(name.startswith("original_images/") for name in restored_files) == 2
    assert any(".fill-320x180" in name for name in restored_files)


@requires_sqlite
def test_sqlite_round_trip_restores_every_row_and_file_into_a_new_database(
    newsroom, media_root, empty_database_url, tmp_path, capsys
):
    assert_round_trip(media_root, empty_database_url, tmp_path, capsys)
    restored = sqlite3.connect(settings_of(empty_database_url)["NAME"])
    assert restored.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.postgres
@requires_postgres
def test_postgresql_round_trip_restores_every_row_and_file_into_a_new_database(
    newsroom, media_root, empty_database_url, tmp_path, capsys
):
    assert_round_trip(media_root, empty_database_url, tmp_path, capsys)


# --- Targets that are not empty ------------------------------------------------------------


def test_a_migrated_database_without_content_counts_as_empty(
    committed_db, request, media_root, empty_database_url, tmp_path
):
    target, target_media = settings_of(empty_database_url), tmp_path / "target-media"
    content_free = make_archive(tmp_path / "content-free.tar.gz", media_root)
    backup.restore_backup(archive=content_free, database=target, media_root=target_media)
    assert one_column(target, "SELECT COUNT(*) FROM news_articlepage") == [0]

    request.getfixturevalue("newsroom")
    archive = make_archive(tmp_path / "newsroom.tar.gz", media_root)
    report = backup.restore_backup(archive=archive, database=target, media_root=target_media)

    assert not report.replaced_existing
    assert every_row(target) == every_row(suite_database())
    assert checksums(target_media) == checksums(media_root)


def test_a_database_with_content_is_left_as_it_was_unless_forced(
    newsroom, media_root, empty_database_url, tmp_path
):
    target, target_media = settings_of(empty_database_url), tmp_path / "target-media"
    first = make_archive(tmp_path / "first.tar.gz", media_root)
    backup.restore_backup(archive=first, database=target, media_root=target_media)
    rows_before, files_before = every_row(target), checksums(target_media)

    RegistryEntry.objects.all().delete()
    (media_root / "documents" / "справка о пожаре.pdf").unlink()
    second = make_archive(tmp_path / "second.tar.gz", media_root)
    with pytest.raises(backup.BackupError, match="добавьте --force") as refused:
        backup.restore_backup(archive=second, database=target, media_root=target_media)
    assert "материалов: 2" in str(refused.value)
    assert every_row(target) == rows_before
    assert checksums(target_media) == files_before

    report = backup.restore_backup(
        archive=second, database=target, media_root=target_media, force=True
    )
    assert report.replaced_existing
    assert every_row(target) == every_row(suite_database())
    assert one_column(target, "SELECT COUNT(*) FROM legal_registryentry") == [0]
    assert checksums(target_media) == checksums(media_root)
    assert "documents/справка о пожаре.pdf" not in checksums(target_media)


def test_a_media_folder_with_files_is_refused(newsroom, media_root, empty_database_url, tmp_path):
    target, target_media = settings_of(empty_database_url), tmp_path / "target-media"
    (target_media / "images").mkdir(parents=True)
    (target_media / "images" / "чужое.jpg").write_bytes(b"not ours")
    archive = make_archive(tmp_path / "archive.tar.gz", media_root)

    with pytest.raises(backup.BackupError, match="файлы в .*target-media"):
        backup.restore_backup(archive=archive, database=target, media_root=target_media)
    assert_untouched(target, target_media, tmp_path)
    assert checksums(target_media) == {"images/чужое.jpg": hashlib.sha256(b"not ours").hexdigest()}


@pytest.fixture
def object_storage(settings):
    """The media in a storage that is not this machine's file system (as S3 is)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_with_media_in_object_storage_the_archive_holds_the_database_and_says_so(
    newsroom, media_root, object_storage, empty_database_url, tmp_path, capsys
):
    archive = tmp_path / "archive.tar.gz"
    call_command("backup", output=archive)
    summary = capsys.readouterr().out
    assert "Медиафайлы не вошли в архив" in summary and "InMemoryStorage" in summary
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert not any(name.startswith("media/") for name in names)
    assert manifest["media_included"] is False and manifest["media"] == []

    target = settings_of(empty_database_url)
    report = backup.restore_backup(archive=archive, database=target, media_root=None)
    assert report.manifest.media_included is False
    assert one_column(target, "SELECT name FROM legal_registryentry") == ["Иванов Иван Иванович"]


def test_an_archive_with_media_is_refused_where_media_are_in_object_storage(
    newsroom, media_root, empty_database_url, tmp_path
):
    archive = make_archive(tmp_path / "archive.tar.gz", media_root)
    target = settings_of(empty_database_url)
    with pytest.raises(backup.BackupError, match="объектном хранилище"):
        backup.restore_backup(archive=archive, database=target, media_root=None)
    assert_untouched(target, tmp_path / "no-media", tmp_path)


def assert_untouched(target: dict, target_media: Path, staging_parent: Path) -> None:
    """The target database has no tables (a SQLite file was not even created), no media
    file arrived and no staging folder was left behind."""
    if target["ENGINE"].endswith("sqlite3"):
        assert not Path(target["NAME"]).exists()
    else:
        assert one_column(
            target, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ) == [0]
    arrived = checksums(target_media) if target_media.exists() else {}
    assert not any(name.startswith("original_images/") for name in arrived)
    assert not list(staging_parent.glob(".polosa-restore-*"))


# --- Archives that must be refused ------------------------------------------------------


@pytest.fixture(scope="module")
def archived_newsroom(django_db_setup, django_db_blocker, tmp_path_factory) -> tuple[Path, Path]:
    """One archive of the newsroom and its media folder, for the tests that only read or
    damage it: made once from committed rows (flushed afterwards), as twenty tests each
    making their own took half a minute."""
    from django.test import override_settings

    from polosa.media.generate import create_generated_image
    from polosa.news import content

    folder = tmp_path_factory.mktemp("archived-newsroom")
    media = folder / "media"
    numbers = iter(range(1, 100))

    def make_article(title: str, **fields):
        rubric = content.ensure_rubrics()[0]
        return content.create_article(rubric, title=title, published_at=timezone.now(), **fields)

    def make_image(title: str, credit: str = "Мария Лесная / Полоса"):
        return create_generated_image(title, next(numbers), credit=credit)

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        try:
            if not Collection.get_first_root_node():
                Collection.add_root(name="Root")
            fill_newsroom(media, make_article, make_image)
            return make_archive(folder / "good.tar.gz", media), media
        finally:
            call_command("flush", verbosity=0, interactive=False)


@pytest.fixture
def good_archive(archived_newsroom, transactional_db) -> Path:
    """(The restores open connections through Django's database layer; as transactional
    tests these run after the others, which still find what the migrations made.)"""
    return archived_newsroom[0]


Members = list[tuple[tarfile.TarInfo, bytes]]


def rewritten(archive: Path, change: Callable[[Members], Members]) -> Path:
    """A copy of ``archive`` whose members went through ``change``."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(member, tar.extractfile(member).read()) for member in tar.getmembers()]
    members = change(members)
    copy = archive.with_name("changed.tar.gz")
    with tarfile.open(copy, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for member, data in members:
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data) if member.isreg() else None)
    return copy


def with_manifest(change: Callable[[dict], None]) -> Callable[[Members], Members]:
    def apply(members: Members) -> Members:
        result = []
        for member, data in members:
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            result.append((member, data))
        return result

    return apply


def first_media(members: Members) -> int:
    return next(i for i, (member, _) in enumerate(members) if member.name.startswith("media/"))


def altered_file(members: Members) -> Members:
    index = first_media(members)
    member, data = members[index]
    members[index] = (member, data[:-1] + bytes([data[-1] ^ 0xFF]))
    return members


def missing_file(members: Members) -> Members:
    del members[first_media(members)]
    return members


def extra_file(members: Members) -> Members:
    return [(tarfile.TarInfo("media/images/подброшено.jpg"), b"extra"), *members]


def escaping_path(members: Members) -> Members:
    return [(tarfile.TarInfo("media/../../escaped.txt"), b"outside"), *members]


def symbolic_link(members: Members) -> Members:
    link = tarfile.TarInfo("media/images/link.jpg")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return [(link, b""), *members]


def other_engine_dump(members: Members) -> Members:
    own = "database/polosa.pgdump" if ON_POSTGRES else "database/polosa.sqlite3"
    other = "database/polosa.sqlite3" if ON_POSTGRES else "database/polosa.pgdump"
    for member, _ in members:
        if member.name == own:
            member.name = other
    return members


def other_engine(manifest: dict) -> None:
    manifest["engine"] = "sqlite" if ON_POSTGRES else "postgresql"


def future_migration(manifest: dict) -> None:
    manifest["migrations"]["news"].append("9999_from_the_future")


def future_format(manifest: dict) -> None:
    manifest["format_version"] = 99


def without_manifest(members: Members) -> Members:
    return [(member, data) for member, data in members if member.name != "manifest.json"]


def two_manifests(members: Members) -> Members:
    manifest = next(item for item in members if item[0].name == "manifest.json")
    return [manifest, *members]


def unreadable_manifest(members: Members) -> Members:
    return [
        (member, b"{not json" if member.name == "manifest.json" else data)
        for member, data in members
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(altered_file, "не сходится контрольная сумма", id="altered file"),
        pytest.param(missing_file, "нет файла media/", id="missing file"),
        pytest.param(extra_file, "которых нет в описи", id="unlisted file"),
        pytest.param(escaping_path, "недопустимая запись media/../../", id="path out of media"),
        pytest.param(symbolic_link, "недопустимая запись media/images/link", id="symbolic link"),
        pytest.param(other_engine_dump, "Перенос между движками", id="other engine's dump"),
        pytest.param(
            with_manifest(other_engine), "Перенос между движками", id="other engine's manifest"
        ),
        pytest.param(
            with_manifest(future_migration), "news.9999_from_the_future", id="newer migrations"
        ),
        pytest.param(with_manifest(future_format), r"\(формат 99", id="newer format"),
        pytest.param(without_manifest, "нет описи", id="no manifest"),
        pytest.param(two_manifests, r"manifest.json\) повреждена", id="two manifests"),
        pytest.param(unreadable_manifest, r"manifest.json\) повреждена", id="broken manifest"),
    ],
)
def test_a_tampered_or_foreign_archive_is_refused_before_anything_is_touched(
    good_archive, empty_database_url, tmp_path, change, message
):
    target, target_media = settings_of(empty_database_url), tmp_path / "target-media"
    bad = rewritten(good_archive, change)
    with pytest.raises(backup.BackupError, match=message):
        backup.restore_backup(archive=bad, database=target, media_root=target_media)
    assert_untouched(target, target_media, tmp_path)


def cut_in_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def cut_before_gzip_trailer(data: bytes) -> bytes:
    return data[:-4]


def flipped_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1 :]


def not_an_archive(data: bytes) -> bytes:
    return "Это не архив.\n".encode()


def empty_file(data: bytes) -> bytes:
    return b""


@pytest.mark.parametrize(
    "damage", [cut_in_half, cut_before_gzip_trailer, flipped_byte, not_an_archive, empty_file]
)
def test_a_corrupt_or_truncated_archive_is_refused_before_anything_is_touched(
    good_archive, empty_database_url, tmp_path, damage
):
    target, target_media = settings_of(empty_database_url), tmp_path / "target-media"
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(damage(good_archive.read_bytes()))
    with pytest.raises(backup.BackupError, match="ничего не изменено"):
        backup.restore_backup(archive=bad, database=target, media_root=target_media)
    assert_untouched(target, target_media, tmp_path)


# --- The archive itself -----------------------------------------------------------------


def test_the_manifest_describes_the_archive_and_checksums_every_file(
    good_archive, archived_newsroom
):
    media_root = archived_newsroom[1]
    with tarfile.open(good_archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        dump = tar.extractfile(manifest["database"]["path"]).read()

    assert names[0] == manifest["database"]["path"] and names[-1] == "manifest.json"
    assert manifest["format"] == "polosa-backup" and manifest["format_version"] == 1
    assert manifest["polosa_version"] == backup.polosa_version() != "unknown"
    assert manifest["engine"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert "0001_initial" in manifest["migrations"]["news"]
    assert manifest["counts"]["articles"] == 2 and manifest["counts"]["votes"] == 1
    assert hashlib.sha256(dump).hexdigest() == manifest["database"]["sha256"]
    assert {entry["path"]: entry["sha256"] for entry in manifest["media"]} == checksums(media_root)
    assert backup.created_at_local(backup.Manifest.from_json(json.dumps(manifest).encode()))
    assert good_archive.stat().st_mode & 0o777 == 0o600  # it holds password hashes


@pytest.mark.django_db
def test_a_sqlite_backup_does_not_wait_for_a_writer_and_holds_only_committed_rows(tmp_path):
    path = tmp_path / "busy.sqlite3"
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE note (text TEXT)")
    setup.executemany("INSERT INTO note VALUES (?)", [("раз",), ("два",)])
    setup.commit()
    setup.close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO note VALUES ('не зафиксировано')")

    report = backup.create_backup(
        database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)},
        media_root=tmp_path / "no-media",
        output=tmp_path / "busy.tar.gz",
    )
    writer.execute("COMMIT")

    with tarfile.open(report.archive, "r:gz") as tar:
        tar.extract("database/polosa.sqlite3", tmp_path / "out", filter="data")
    copy = sqlite3.connect(tmp_path / "out" / "database" / "polosa.sqlite3")
    assert copy.execute("SELECT text FROM note ORDER BY rowid").fetchall() == [("раз",), ("два",)]
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)


@pytest.mark.django_db
def test_a_sqlite_backup_gives_up_on_a_database_locked_for_too_long(tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "SQLITE_BACKUP_ATTEMPTS", 3)
    path = tmp_path / "locked.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE note (text TEXT)").connection.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # rollback-journal mode: readers must wait

    with pytest.raises(backup.BackupError, match="слишком долго занята"):
        backup.create_backup(
            database={
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": {"timeout": 0.1},
            },
            media_root=tmp_path / "no-media",
            output=tmp_path / "locked.tar.gz",
        )
    holder.execute("ROLLBACK")
    assert not list(tmp_path.glob("*.tar.gz")) and not list(tmp_path.glob(".*partial"))


def test_backup_writes_into_a_folder_under_a_timestamped_name_and_never_overwrites(
    committed_db, tmp_path
):
    call_command("backup", output=tmp_path)
    (archive,) = tmp_path.glob("polosa-*.tar.gz")
    assert archive.name[len("polosa-") : -len(".tar.gz")].replace("-", "").isdigit()

    with pytest.raises(CommandError, match="уже существует"):
        call_command("backup", output=archive)
    assert not list(tmp_path.glob(".*.partial"))


def no_space_left(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_stops_the_backup_with_a_clear_message_and_no_partial_archive(
    committed_db, tmp_path, monkeypatch
):
    monkeypatch.setattr(tarfile.TarFile, "addfile", no_space_left)
    with pytest.raises(CommandError, match="На диске не хватило места"):
        call_command("backup", output=tmp_path / "archive.tar.gz")
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_stops_the_restore_before_the_target_is_touched(
    good_archive, empty_database_url, tmp_path, monkeypatch
):
    target, target_media = settings_of(empty_database_url), tmp_path / "target-media"
    monkeypatch.setattr(backup, "_extract", no_space_left)
    with pytest.raises(backup.BackupError, match="На диске не хватило места"):
        backup.restore_backup(archive=good_archive, database=target, media_root=target_media)
    assert_untouched(target, target_media, tmp_path)


def test_restore_names_a_missing_archive(tmp_path):
    with pytest.raises(CommandError, match="Нет такого архива"):
        call_command("restore", str(tmp_path / "нет-такого.tar.gz"))

"""Backups: the database and every media file in one archive, and back again.

An archive is a gzip-compressed tar holding, in this order::

    database/polosa.sqlite3   SQLite: a copy taken through SQLite's online backup API
    database/polosa.pgdump    PostgreSQL: ``pg_dump --format=custom``
    media/…                   every regular file under MEDIA_ROOT
    manifest.json             what the archive holds: format and Polosa versions, engine,
                              applied migrations, row counts, each file's size and SHA-256

Both dumps are consistent while the site and the worker go on writing: SQLite copies one
read transaction's view (in WAL mode writers do not wait for it), and ``pg_dump`` runs in
an exported snapshot in which the manifest's counts and migrations are read too. The
database is copied before the media files, so a picture uploaded in between is only an
extra file nobody refers to; the other order could leave a row whose file is missing.

Restoring unpacks the whole archive into a staging folder and checks names, sizes,
checksums, the engine and the migrations there before anything of the target is touched;
a corrupt or truncated archive changes nothing. Only then the database is written (one
transaction either way) and the media folder replaced.

The module works on Django database settings dicts (``settings.DATABASES[alias]``) and an
explicit media folder, never on the process's own connections, so a command, a test or
another tool can back up one database and restore into another.
"""

from __future__ import annotations

import copy
import errno
import gzip
import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, DatabaseError
from django.db.migrations.loader import MigrationLoader
from django.db.utils import ConnectionHandler
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

FORMAT = "polosa-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_MEMBERS = {
    "sqlite": "database/polosa.sqlite3",
    "postgresql": "database/polosa.pgdump",
}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MEDIA_PREFIX = "media/"
# A manifest lists every file; even a million of them stays far below this.
MAX_MANIFEST_BYTES = 512 * 1024 * 1024
COPY_CHUNK = 1024 * 1024
# The copy is one step; in WAL mode it never waits for writers. A database in another
# journal mode (or a shared-cache one) may be locked: up to 240 retries, 0.25 s apart.
SQLITE_BACKUP_ATTEMPTS = 240

# What the summary counts and what makes a target "not empty". A freshly migrated database
# has none of these rows (the migrations create only the root and home pages).
COUNTED_MODELS = {
    "articles": "news.ArticlePage",
    "revisions": "wagtailcore.Revision",
    "images": settings.WAGTAILIMAGES_IMAGE_MODEL,
    "documents": "wagtaildocs.Document",
    "titles": "titles.Title",
    "votes": "titles.Vote",
    "registry_entries": "legal.RegistryEntry",
    "people": "people.Person",
    "users": None,  # the configured user model
}
COUNT_LABELS = {
    "articles": _("материалов"),
    "revisions": _("ревизий"),
    "images": _("изображений"),
    "documents": _("документов"),
    "titles": _("фильмов и сериалов"),
    "votes": _("голосов"),
    "registry_entries": _("записей реестров"),
    "people": _("персон"),
    "users": _("пользователей"),
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass(frozen=True)
class FileEntry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    engine: str
    database: FileEntry
    migrations: dict[str, list[str]]
    counts: dict[str, int]
    media: list[FileEntry]
    created_at: str
    polosa_version: str
    format_version: int = FORMAT_VERSION
    format: str = FORMAT
    database_server_version: str = ""
    #: ``False`` when the media were in object storage (the bucket keeps its own copies).
    media_included: bool = True

    @property
    def media_bytes(self) -> int:
        return sum(entry.size for entry in self.media)

    def to_json(self) -> bytes:
        fields = asdict(self)
        # What the file is comes first for a person reading it.
        header = {"format": fields.pop("format"), "format_version": fields.pop("format_version")}
        return json.dumps({**header, **fields}, ensure_ascii=False, indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        try:
            raw = json.loads(data)
            if raw.get("format") != FORMAT:
                raise BackupError(gettext("Это не архив polosa backup: в описи чужой формат."))
            if not isinstance(raw.get("format_version"), int) or raw["format_version"] < 1:
                raise ValueError("format_version")
            if raw["format_version"] > FORMAT_VERSION:
                raise BackupError(
                    gettext(
                        "Архив создан более новой версией Полосы (формат %(found)d, "
                        "эта версия читает до %(known)d): обновите Полосу."
                    )
                    % {"found": raw["format_version"], "known": FORMAT_VERSION}
                )
            return cls(
                engine=str(raw["engine"]),
                database=FileEntry(**raw["database"]),
                migrations={str(app): list(names) for app, names in raw["migrations"].items()},
                counts={str(name): int(count) for name, count in raw["counts"].items()},
                media=[FileEntry(**entry) for entry in raw["media"]],
                created_at=str(raw["created_at"]),
                polosa_version=str(raw["polosa_version"]),
                format_version=raw["format_version"],
                database_server_version=str(raw.get("database_server_version", "")),
                media_included=bool(raw.get("media_included", True)),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupError(
                gettext("Опись архива (manifest.json) повреждена: %(error)s") % {"error": error}
            ) from error


@dataclass(frozen=True)
class BackupReport:
    archive: Path
    size: int
    manifest: Manifest


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    replaced_existing: bool
    pending_migrations: list[str] = field(default_factory=list)


# --- Backing up -------------------------------------------------------------------------


def local_media_root() -> Path | None:
    """The media folder when the media storage is this machine's file system, else
    ``None`` (S3-compatible storage: the bucket's versioning or replication backs it up)."""
    from django.core.files.storage import FileSystemStorage, default_storage

    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


def default_archive_path(directory: Path | None = None) -> Path:
    """``var/backups/polosa-20260301-041500.tar.gz``: local time, sortable."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return (directory or Path(settings.VAR_DIR) / "backups") / f"polosa-{stamp}.tar.gz"


def create_backup(
    *, database: Mapping[str, Any], media_root: Path | None, output: Path
) -> BackupReport:
    """Write one archive of ``database`` (a Django settings dict) and ``media_root``
    (``None``: the media are in object storage, the archive holds the database only).

    ``output`` may be a folder (the archive gets a timestamped name inside). The archive is
    written under a temporary name and renamed when complete, readable by its owner only
    (it holds password hashes and sessions).
    """
    if output.is_dir():
        output = default_archive_path(output)
    if output.exists():
        raise BackupError(gettext("Файл %(path)s уже существует.") % {"path": output})
    output.parent.mkdir(parents=True, exist_ok=True)
    engine = engine_of(database)
    partial = output.with_name(f".{output.name}.partial")
    staging = Path(tempfile.mkdtemp(prefix=".polosa-backup-", dir=output.parent))
    try:
        dump = staging / PurePosixPath(DATABASE_MEMBERS[engine]).name
        if engine == "sqlite":
            counts, migrations, server_version = _dump_sqlite(database, dump)
        else:
            counts, migrations, server_version = _dump_postgresql(database, dump)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(descriptor, "wb") as raw,
            tarfile.open(
                fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT, compresslevel=6
            ) as tar,
        ):
            database_entry = _add_file(tar, dump, DATABASE_MEMBERS[engine])
            media = []
            files = _media_files(media_root, skip={partial, output}) if media_root else ()
            for path, relative in files:
                entry = _add_file(tar, path, MEDIA_PREFIX + relative)
                if entry is not None:
                    media.append(FileEntry(relative, entry.size, entry.sha256))
            manifest = Manifest(
                engine=engine,
                database=database_entry,
                migrations=migrations,
                counts=counts,
                media=media,
                created_at=timezone.now().isoformat(timespec="seconds"),
                polosa_version=polosa_version(),
                database_server_version=server_version,
                media_included=media_root is not None,
            )
            _add_bytes(tar, MANIFEST_NAME, manifest.to_json())
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, output)
        _fsync_directory(output.parent)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise BackupError(_describe_os_error(error, output)) from error
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BackupReport(archive=output, size=output.stat().st_size, manifest=manifest)


def _dump_sqlite(
    database: Mapping[str, Any], destination: Path
) -> tuple[dict[str, int], dict[str, list[str]], str]:
    """Copy the database through SQLite's backup API in one step: one read transaction,
    so the copy is one moment's state whatever other connections write meanwhile."""
    with open_database(database) as connection:
        try:
            connection.ensure_connection()
            with closing(sqlite3.connect(destination)) as copy_:
                connection.connection.backup(
                    copy_, progress=_give_up_after(SQLITE_BACKUP_ATTEMPTS), sleep=0.25
                )
                # The copy is one self-contained file; the restored database goes back to
                # WAL when Polosa first connects to it.
                copy_.execute("PRAGMA journal_mode=DELETE")
        except (sqlite3.Error, DatabaseError) as error:
            raise BackupError(
                gettext("Не удалось скопировать базу SQLite: %(error)s") % {"error": error}
            ) from error
    with closing(sqlite3.connect(destination)) as copy_:
        cursor = copy_.cursor()
        tables = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master")}
        counts, migrations = _read_state(cursor, tables)
    return counts, migrations, sqlite3.sqlite_version


def _dump_postgresql(
    database: Mapping[str, Any], destination: Path
) -> tuple[dict[str, int], dict[str, list[str]], str]:
    """``pg_dump --format=custom`` inside a snapshot this connection exports, so the
    manifest's counts and migrations describe exactly what the dump holds."""
    with open_database(database) as connection:
        try:
            with connection.cursor() as cursor:
                cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                tables = set(connection.introspection.table_names(cursor))
                counts, migrations = _read_state(cursor, tables)
                server_version = connection.pg_version
                _run_postgres_tool(
                    "pg_dump",
                    server_version,
                    [
                        "--format=custom",
                        f"--snapshot={snapshot}",
                        f"--file={destination}",
                        "--no-password",
                    ],
                    connection.settings_dict,
                )
                cursor.execute("COMMIT")
        except DatabaseError as error:
            raise BackupError(
                gettext("Не удалось прочитать базу PostgreSQL: %(error)s") % {"error": error}
            ) from error
    return counts, migrations, _postgres_version_text(server_version)


def _give_up_after(attempts: int):
    """A progress callback for ``sqlite3.Connection.backup``, which otherwise retries a
    locked source forever: called once per step, it stops after ``attempts`` busy ones."""
    busy = 0

    def progress(status: int, remaining: int, total: int) -> None:
        nonlocal busy
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            busy += 1
            if busy >= attempts:
                raise BackupError(
                    gettext("База SQLite слишком долго занята другой записью; повторите позже.")
                )

    return progress


def _media_files(media_root: Path, *, skip: set[Path]) -> Iterator[tuple[Path, str]]:
    """Regular files under ``media_root`` in a stable order (symbolic links are not
    followed: the archive holds what the folder itself holds)."""
    if not media_root.is_dir():
        return
    skip = {path.resolve() for path in skip}
    for directory, subdirectories, files in os.walk(media_root):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory, name)
            if path.is_symlink() or not path.is_file() or path.resolve() in skip:
                continue
            yield path, path.relative_to(media_root).as_posix()


class _HashingReader:
    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> FileEntry | None:
    """Add ``path`` as ``name``, hashing the very bytes written; a file deleted since the
    folder was listed is left out."""
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        return None
    with stream:
        status = os.fstat(stream.fileno())
        info = tarfile.TarInfo(name)
        info.size = status.st_size
        info.mtime = int(status.st_mtime)
        info.mode = 0o644
        reader = _HashingReader(stream)
        # Exactly ``size`` bytes are read: a file still growing is archived as it was when
        # opened, and its checksum is that of what the archive holds.
        tar.addfile(info, reader)
    return FileEntry(name, info.size, reader.digest.hexdigest())


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


# --- Restoring --------------------------------------------------------------------------


def restore_backup(
    *, archive: Path, database: Mapping[str, Any], media_root: Path | None, force: bool = False
) -> RestoreReport:
    """Restore ``archive`` into ``database`` (a Django settings dict) and ``media_root``
    (``None``: the media are in object storage and stay as they are; an archive holding
    media files is then refused, before anything is touched).

    Refused when the target database holds content or ``media_root`` holds files, unless
    ``force``; refused, before anything is touched, when the archive is corrupt, truncated,
    of another engine or made by a Polosa with migrations this one does not know.
    """
    engine = engine_of(database)
    if not archive.is_file():
        raise BackupError(gettext("Нет такого архива: %(path)s") % {"path": archive})
    occupied = _target_contents(database, media_root)
    if occupied and not force:
        raise BackupError(
            gettext(
                "Восстанавливать можно только в пустую базу и пустую папку медиафайлов, а "
                "здесь уже есть: %(what)s. Чтобы заменить их содержимым архива, добавьте "
                "--force."
            )
            % {"what": ", ".join(occupied)}
        )
    workdir = media_root.parent if media_root is not None else archive.parent
    workdir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".polosa-restore-", dir=workdir))
    try:
        manifest = _unpack(archive, staging, expected_engine=engine)
        if media_root is None and manifest.media:
            raise BackupError(
                gettext(
                    "В архиве %(count)d медиафайлов, а медиафайлы сайта хранятся в объектном "
                    "хранилище: восстановите их в бакет сами (например, rclone copy) или "
                    "восстановите архив с локальным хранилищем."
                )
                % {"count": len(manifest.media)}
            )
        pending = _check_migrations(manifest)
        dump = staging / manifest.database.path
        if engine == "sqlite":
            _restore_sqlite(dump, database)
        else:
            _restore_postgresql(dump, database)
        _check_counts(database, manifest)
        if media_root is not None:
            _replace_media(staging / MEDIA_PREFIX, media_root)
    except OSError as error:
        raise BackupError(_describe_os_error(error, media_root or workdir)) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreReport(
        manifest=manifest, replaced_existing=bool(occupied), pending_migrations=pending
    )


def _target_contents(database: Mapping[str, Any], media_root: Path | None) -> list[str]:
    """What the target already holds, named for the operator; empty when it is empty."""
    occupied = []
    counts = _target_counts(database)
    if any(counts.values()):
        occupied.append(
            gettext("база данных (%(rows)s)")
            % {
                "rows": ", ".join(
                    f"{COUNT_LABELS.get(name, name)}: {count}"
                    for name, count in counts.items()
                    if count
                )
            }
        )
    if (
        media_root is not None
        and media_root.is_dir()
        and next(_media_files(media_root, skip=set()), None) is not None
    ):
        occupied.append(gettext("файлы в %(path)s") % {"path": media_root})
    return occupied


def _target_counts(database: Mapping[str, Any]) -> dict[str, int]:
    if engine_of(database) == "sqlite":
        path = sqlite_path(database)
        if not path.exists() or path.stat().st_size == 0:
            return {}
    with open_database(database) as connection:
        try:
            with connection.cursor() as cursor:
                tables = set(connection.introspection.table_names(cursor))
                counts, _ = _read_state(cursor, tables)
        except DatabaseError as error:
            raise BackupError(
                gettext("Не удалось открыть базу %(name)s: %(error)s")
                % {"name": database["NAME"], "error": error}
            ) from error
    return counts


def _unpack(archive: Path, staging: Path, *, expected_engine: str) -> Manifest:
    """Extract every member into ``staging`` and check it against the manifest."""
    extracted: dict[str, FileEntry] = {}
    manifest_data: bytes | None = None
    try:
        with gzip.open(archive, "rb") as compressed:
            with tarfile.open(fileobj=compressed, mode="r|") as tar:
                for member in tar:
                    name = _checked_member_name(
                        member, seen=extracted, expected_engine=expected_engine
                    )
                    source = tar.extractfile(member)
                    if name == MANIFEST_NAME:
                        if manifest_data is not None or member.size > MAX_MANIFEST_BYTES:
                            raise BackupError(gettext("Опись архива (manifest.json) повреждена."))
                        manifest_data = source.read()
                        continue
                    extracted[name] = _extract(source, staging / name, name)
            # gzip checks its CRC and length only at the very end: read up to it, so an
            # archive cut after its last member is refused too.
            while compressed.read(COPY_CHUNK):
                pass
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(
            gettext("Архив %(path)s повреждён или обрезан (%(error)s); ничего не изменено.")
            % {"path": archive, "error": error}
        ) from error
    if manifest_data is None:
        raise BackupError(
            gettext("В архиве %(path)s нет описи (manifest.json): он неполон; ничего не изменено.")
            % {"path": archive}
        )
    manifest = Manifest.from_json(manifest_data)
    if manifest.engine != expected_engine:
        raise _engine_mismatch(manifest.engine, expected_engine)
    expected = {MEDIA_PREFIX + entry.path: entry for entry in manifest.media}
    expected[manifest.database.path] = manifest.database
    for name, entry in expected.items():
        found = extracted.get(name)
        if found is None:
            raise BackupError(
                gettext("В архиве нет файла %(name)s, указанного в описи; ничего не изменено.")
                % {"name": name}
            )
        if (found.size, found.sha256) != (entry.size, entry.sha256):
            raise BackupError(
                gettext(
                    "Файл %(name)s в архиве повреждён (не сходится контрольная сумма); "
                    "ничего не изменено."
                )
                % {"name": name}
            )
    unexpected = sorted(set(extracted) - set(expected))
    if unexpected:
        raise BackupError(
            gettext("В архиве есть файлы, которых нет в описи: %(names)s; ничего не изменено.")
            % {"names": ", ".join(unexpected[:5])}
        )
    return manifest


def _checked_member_name(
    member: tarfile.TarInfo, *, seen: Mapping[str, FileEntry], expected_engine: str
) -> str:
    """Only the names polosa backup writes: no links, devices, absolute or ``..`` paths."""
    name = member.name
    path = PurePosixPath(name)
    if (
        not member.isreg()
        or path.is_absolute()
        or any(part in {"", ".", ".."} for part in name.split("/"))
        or name in seen
    ):
        raise BackupError(
            gettext("В архиве недопустимая запись %(name)s; ничего не изменено.") % {"name": name}
        )
    if name in DATABASE_MEMBERS.values():
        engine = next(engine for engine, member in DATABASE_MEMBERS.items() if member == name)
        if engine != expected_engine:
            raise _engine_mismatch(engine, expected_engine)
        return name
    if name == MANIFEST_NAME or (name.startswith(MEDIA_PREFIX) and len(path.parts) > 1):
        return name
    raise BackupError(
        gettext("В архиве недопустимая запись %(name)s; ничего не изменено.") % {"name": name}
    )


def _extract(source: BinaryIO, destination: Path, name: str) -> FileEntry:
    destination.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with destination.open("xb") as target:
        while chunk := source.read(COPY_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return FileEntry(name, size, digest.hexdigest())


def _engine_mismatch(archive_engine: str, target_engine: str) -> BackupError:
    return BackupError(
        gettext(
            "Архив снят с базы %(archive)s, а Полоса настроена на %(target)s. Перенос между "
            "движками архив не делает: восстановите его в базу %(archive)s (DATABASE_URL)."
        )
        % {
            "archive": ENGINE_NAMES.get(archive_engine, archive_engine),
            "target": ENGINE_NAMES.get(target_engine, target_engine),
        }
    )


def _check_migrations(manifest: Manifest) -> list[str]:
    """Refuse an archive made by code with migrations this code lacks (the site would run
    on a schema it does not know); return this code's migrations the archive lacks, which
    ``polosa migrate`` applies afterwards."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    applied = {(app, name) for app, names in manifest.migrations.items() for name in names}
    installed = {config.label for config in apps.get_app_configs()}
    unknown = sorted(key for key in applied - known if key[0] in installed)
    if unknown:
        raise BackupError(
            gettext(
                "Архив создан более новой версией Полосы: в нём применены миграции, которых "
                "здесь нет (%(names)s). Обновите Полосу и повторите."
            )
            % {"names": ", ".join(f"{app}.{name}" for app, name in unknown[:5])}
        )
    return sorted(f"{app}.{name}" for app, name in set(loader.graph.nodes) - applied)


def _restore_sqlite(dump: Path, database: Mapping[str, Any]) -> None:
    """A new file is written beside the target and renamed over it; an existing database
    (empty, or replaced with ``--force``) receives the copy through SQLite's backup API, in
    one write transaction, so connections still open see the old state or the new one."""
    with closing(sqlite3.connect(dump)) as check:
        try:
            result = check.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            result = str(error)
    if result != "ok":
        raise BackupError(
            gettext("База SQLite в архиве повреждена (%(result)s); ничего не изменено.")
            % {"result": result}
        )
    path = sqlite_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.stat().st_size == 0:
        # A journal left beside a missing database would be replayed into the new one.
        for suffix in ("-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        temporary = path.with_name(f".{path.name}.restoring-{secrets.token_hex(4)}")
        try:
            shutil.copyfile(dump, temporary)
            with temporary.open("rb+") as written:
                os.fsync(written.fileno())
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
        _fsync_directory(path.parent)
        return
    try:
        with (
            closing(sqlite3.connect(dump)) as source,
            closing(sqlite3.connect(path, timeout=60)) as target,
        ):
            source.backup(target)
    except sqlite3.Error as error:
        raise BackupError(
            gettext("Не удалось записать базу %(path)s: %(error)s") % {"path": path, "error": error}
        ) from error


def _restore_postgresql(dump: Path, database: Mapping[str, Any]) -> None:
    """``pg_restore`` in one transaction: on any error the database stays as it was. A
    database with tables (migrated but empty, or replaced with ``--force``) is cleaned of
    the archive's objects first, inside that transaction."""
    with open_database(database) as connection:
        try:
            with connection.cursor() as cursor:
                has_tables = bool(connection.introspection.table_names(cursor))
            server_version = connection.pg_version
        except DatabaseError as error:
            raise BackupError(
                gettext("Не удалось открыть базу %(name)s: %(error)s")
                % {"name": database["NAME"], "error": error}
            ) from error
        arguments = [
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
        ]
        if has_tables:
            arguments += ["--clean", "--if-exists"]
        _run_postgres_tool(
            "pg_restore", server_version, [*arguments, str(dump)], connection.settings_dict
        )


def _check_counts(database: Mapping[str, Any], manifest: Manifest) -> None:
    restored = _target_counts(database)
    differing = {
        name: (count, restored.get(name))
        for name, count in manifest.counts.items()
        if restored.get(name) != count
    }
    if differing:
        raise BackupError(
            gettext("После восстановления не сходится число строк: %(rows)s.")
            % {
                "rows": ", ".join(
                    gettext("%(what)s: %(found)s вместо %(expected)s")
                    % {"what": COUNT_LABELS.get(name, name), "found": found, "expected": expected}
                    for name, (expected, found) in differing.items()
                )
            }
        )


def _replace_media(staged: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    for child in list(media_root.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if staged.is_dir():
        for child in staged.iterdir():
            shutil.move(child, media_root / child.name)


# --- Shared -----------------------------------------------------------------------------


@contextmanager
def open_database(database: Mapping[str, Any]) -> Iterator[Any]:
    """A private Django connection to ``database``, closed on exit."""
    handler = ConnectionHandler({DEFAULT_DB_ALIAS: copy.deepcopy(dict(database))})
    try:
        yield handler[DEFAULT_DB_ALIAS]
    finally:
        handler.close_all()


def engine_of(database: Mapping[str, Any]) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine or "postgis" in engine:
        return "postgresql"
    raise BackupError(
        gettext("polosa backup умеет SQLite и PostgreSQL, а настроена база %(engine)s.")
        % {"engine": engine}
    )


def sqlite_path(database: Mapping[str, Any]) -> Path:
    name = str(database["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(gettext("База SQLite в памяти: восстанавливать её некуда."))
    return Path(name)


def polosa_version() -> str:
    try:
        return metadata.version("polosa")
    except metadata.PackageNotFoundError:
        return "unknown"


def counted_tables() -> dict[str, str]:
    tables = {}
    for name, label in COUNTED_MODELS.items():
        model = get_user_model() if label is None else apps.get_model(label)
        tables[name] = model._meta.db_table
    return tables


def _read_state(cursor: Any, tables: set[str]) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Row counts of the counted tables that exist, and applied migrations per app."""
    counts = {}
    for name, table in counted_tables().items():
        if table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {_quoted(table)}")
            counts[name] = cursor.fetchone()[0]
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return counts, migrations


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def postgres_tool(name: str, server_version: int) -> str:
    """The client of the server's own major version when installed (Debian keeps each in
    /usr/lib/postgresql/<major>/bin): an older pg_dump refuses a newer server."""
    major = server_version // 10000
    candidate = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if candidate.is_file():
        return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        gettext(
            "Не найден %(tool)s: установите клиент PostgreSQL %(major)d "
            "(postgresql-client-%(major)d)."
        )
        % {"tool": name, "major": major}
    )


def postgres_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """libpq's variables for the pg_* tools: the password never appears in a command line."""
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    options = database.get("OPTIONS") or {}
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey", "service"):
        if options.get(option):
            environment[f"PG{option.upper()}"] = str(options[option])
    environment.setdefault("PGAPPNAME", "polosa-backup")
    return environment


def _run_postgres_tool(
    name: str, server_version: int, arguments: list[str], database: Mapping[str, Any]
) -> None:
    command = [postgres_tool(name, server_version), *arguments]
    result = subprocess.run(
        command, env=postgres_environment(database), capture_output=True, text=True
    )
    if result.returncode != 0:
        details = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise BackupError(
            gettext("%(tool)s завершился с ошибкой (код %(code)d):\n%(details)s")
            % {"tool": name, "code": result.returncode, "details": details}
        )


def _postgres_version_text(server_version: int) -> str:
    return f"{server_version // 10000}.{server_version % 10000}"


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _describe_os_error(error: OSError, path: Path) -> str:
    if error.errno == errno.ENOSPC:
        return gettext(
            "На диске не хватило места (%(path)s): ничего не записано, освободите место."
        ) % {"path": path}
    return gettext("Ошибка файловой системы: %(error)s") % {"error": error}


def human_size(size: int) -> str:
    """``12,3 МБ``: sizes as a Russian reader writes them."""
    if size < 1024:
        return f"{size} {gettext('Б')}"
    value = size / 1024
    for unit in (gettext("КБ"), gettext("МБ")):
        if value < 1024:
            return f"{value:.1f} {unit}".replace(".", ",")
        value /= 1024
    return f"{value:.1f} {gettext('ГБ')}".replace(".", ",")


def created_at_local(manifest: Manifest) -> datetime:
    return timezone.localtime(datetime.fromisoformat(manifest.created_at))

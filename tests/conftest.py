"""Shared fixtures: a clean site tree, article factories, media in a temporary folder.

The suite runs on SQLite by default and on PostgreSQL/Redis when ``DATABASE_URL`` /
``REDIS_URL`` are set (``.ci/run`` sets both).
"""

from __future__ import annotations

import itertools
import os
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from polosa.news import content

_counter = itertools.count(1)


def encode_pictures_fast() -> None:
    """AVIF and WebP renditions at their encoders' fastest settings (libavif speed 10, WebP
    method 0): the suite checks which renditions exist, their sizes and formats, never the
    compression, and at the default efforts encoding was a fifth of the suite's time (a
    1200 px AVIF: 430 ms against 34). Servers the tests start as processes keep the
    defaults."""
    from PIL import Image

    def faster(save, defaults: dict):
        def encode(image, fp, filename, *args, **kwargs):
            for name, value in defaults.items():
                image.encoderinfo.setdefault(name, value)
            return save(image, fp, filename, *args, **kwargs)

        return encode

    Image.init()
    for fmt, defaults in (("AVIF", {"speed": 10}), ("WEBP", {"method": 0})):
        if fmt in Image.SAVE:
            Image.SAVE[fmt] = faster(Image.SAVE[fmt], defaults)


def flush_by_deleting_rows_on_postgresql() -> None:
    """After a transactional test, PostgreSQL empties the tables that hold rows with
    ``DELETE`` instead of Django's ``TRUNCATE`` of all of them.

    ``TRUNCATE`` gives each of the ~100 tables and their indexes new files: 330–500 ms per
    flush on a quiet machine, over a second in CI, where some 200 flushes were two and a
    half minutes of the PostgreSQL pass. Finding the few tables with rows and deleting
    them takes 10 ms. Every foreign key Django creates is ``DEFERRABLE``, so the order of
    the deletes does not matter (``tests/test_suite_flush.py`` checks that a flush still
    leaves every table empty). Sequences are kept, as Django's flush keeps them by
    default."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate_all = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate_all(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        quoted = [self.quote_name(table) for table in tables]
        with self.connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT %s WHERE EXISTS (SELECT 1 FROM {table})" for table in quoted
                ),
                list(tables),
            )
            holding_rows = [self.quote_name(row[0]) for row in cursor.fetchall()]
        if not holding_rows:
            return []
        return ["SET CONSTRAINTS ALL DEFERRED"] + [f"DELETE FROM {t}" for t in holding_rows]

    DatabaseOperations.sql_flush = sql_flush


def pytest_sessionstart(session):
    """The Russian catalogue compiled, as `make install` leaves it (plural forms)."""
    from django.conf import settings
    from django.test.signals import setting_changed

    from polosa.core.catalogue import ensure_compiled

    encode_pictures_fast()
    flush_by_deleting_rows_on_postgresql()
    if ensure_compiled():
        # Django may have read the catalogues already while starting: read them again.
        setting_changed.send(
            sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False
        )


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import caches

    from polosa.core import taggedcache

    # Not the working copy's var/: a running demo reads that purge log.
    settings.POLOSA_PURGE_LOG = str(tmp_path_factory.getbasetemp() / "purge.log")
    for alias in settings.CACHES:
        caches[alias].clear()
    taggedcache.reset_store()
    taggedcache.store().clear()
    yield
    taggedcache.reset_store()


@pytest.fixture
def rubrics(db):
    """The demo's four rubrics under the home page created by the migrations."""
    return content.ensure_rubrics()


@pytest.fixture
def rubric(rubrics):
    return rubrics[0]


@pytest.fixture
def image_factory(db):
    from polosa.media.generate import create_generated_image

    def make(title: str = "Картинка", credit: str = "Мария Лесная / Полоса"):
        from wagtail.models import Collection

        # A transactional test's flush also empties what the migrations made.
        if not Collection.get_first_root_node():
            Collection.add_root(name="Root")
        return create_generated_image(title, next(_counter), credit=credit)

    return make


@pytest.fixture
def article_factory(rubrics):
    """Create articles: ``article_factory(title=..., rubric=..., live=..., published_at=...)``.

    Without ``published_at`` each is a minute older than the one before, counted within the
    test (a count over the whole session would date the 2 881st article of a run before
    «два дня назад»)."""
    numbers = itertools.count(1)

    def make(
        title: str | None = None,
        *,
        rubric=None,
        published_at: datetime | None = None,
        live: bool = True,
        **fields,
    ):
        number = next(numbers)
        return content.create_article(
            rubric or rubrics[number % len(rubrics)],
            title=title or f"Материал номер {number}",
            published_at=published_at or timezone.now() - timedelta(minutes=number),
            live=live,
            **fields,
        )

    return make


def requires_env(name: str, reason: str):
    return pytest.mark.skipif(not os.environ.get(name), reason=reason)


requires_postgres = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="needs PostgreSQL: set DATABASE_URL=postgres://… (.ci/run does)",
)
requires_redis = requires_env("REDIS_URL", "needs Redis: set REDIS_URL=redis://… (.ci/run does)")


#: pytest-django's fixtures that give a test the database.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "django_db_setup",
    }
)


def uses_the_database(item: pytest.Item) -> bool:
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))) or (
        item.get_closest_marker("django_db") is not None
    )


def asks_for_sqlite(item: pytest.Item) -> bool:
    return any(
        "SQLite" in str(mark.kwargs.get("reason", "")) for mark in item.iter_markers("skipif")
    )


def depends_on_the_engine(item: pytest.Item) -> bool:
    if item.get_closest_marker("engine_independent"):
        return False
    return uses_the_database(item) or asks_for_sqlite(item)


def pytest_collection_modifyitems(config, items):
    """``POLOSA_TESTS_WITH_THE_DATABASE_ONLY=1`` (``.ci/run``'s SQLite pass) leaves out
    the tests whose outcome does not depend on the database engine: those that use no
    database and do not ask for SQLite (those that start processes give them databases
    of their own), and those marked ``engine_independent`` (the browser's audits of
    layout, accessibility and security headers). The PostgreSQL pass runs them."""
    if not os.environ.get("POLOSA_TESTS_WITH_THE_DATABASE_ONLY"):
        return
    kept, left_out = [], []
    for item in items:
        (kept if depends_on_the_engine(item) else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (``POLOSA_CI=1``) a skip is a failure: every service and the browser exist."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("POLOSA_CI") and report.skipped and not hasattr(report, "wasxfail"):
        # CI runs the suite once per engine; a test for the other engine may skip.
        on_postgres = "postgres" in os.environ.get("DATABASE_URL", "")
        other_engine = "needs SQLite" if on_postgres else "needs PostgreSQL"
        if other_engine in str(report.longrepr):
            return
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may skip: {report.longrepr}"


class PurgeRecorder:
    """The surrogate keys purged from the page cache while a test runs."""

    def __init__(self) -> None:
        self.calls: list[frozenset[str]] = []

    @property
    def keys(self) -> set[str]:
        return set().union(*self.calls) if self.calls else set()

    def clear(self) -> None:
        self.calls.clear()


@pytest.fixture
def purged():
    """Record every purge of the tagged store (``purged.keys``: their union)."""
    from polosa.core import taggedcache

    recorder = PurgeRecorder()
    store = taggedcache.store()
    original = store.purge

    def purge(keys):
        keys = frozenset(keys)
        recorder.calls.append(keys)
        return original(keys)

    store.purge = purge
    yield recorder
    store.purge = original


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """``REDIS_URL`` when set (CI's Redis), else a private redis-server for this run."""
    import shutil
    import socket
    import subprocess
    import time

    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs Redis: set REDIS_URL=redis://… or install redis-server (.ci/run does)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    directory = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", str(directory)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)

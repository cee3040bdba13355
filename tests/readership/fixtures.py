"""Fixtures of readership's tests, shared with tests/search/test_related*.py (import
them by name: a conftest reaches its own folder only)."""

from __future__ import annotations

import pytest

__all__ = ["fresh_counter", "private_matchers", "readership_urls", "tasks_at_once"]


@pytest.fixture
def tasks_at_once(settings, django_capture_on_commit_callbacks):
    """Run tasks when they are queued, and what waits for a commit when the block ends
    (the test's own transaction never commits)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    return committed


@pytest.fixture
def private_matchers(settings, tmp_path):
    """Compiled people matchers under the test's folder, not var/."""
    settings.POLOSA_PEOPLE_CACHE_DIR = str(tmp_path / "matchers")


@pytest.fixture
def readership_urls(settings):
    settings.ROOT_URLCONF = "tests.readership.urls"


@pytest.fixture
def fresh_counter():
    from polosa.readership import counters

    counters.reset_counter()
    yield
    counters.reset_counter()

import pytest

from tests.readership.fixtures import *  # noqa: F403 (the fixtures)


@pytest.fixture(autouse=True)
def _readership(readership_urls, fresh_counter, private_matchers):
    """Readership's URLs, a counter of this test's own, matchers out of var/."""

"""Ids in URLs: a number longer than any database id is a 404, never a 500 (the reading
beacon answers every forged address alike: ``tests/readership/test_reads.py``)."""

from __future__ import annotations

import pytest

TOO_LONG = "1" * 19
LONGEST = "9" * 18


@pytest.mark.parametrize(
    "path",
    [
        f"/_fragments/article-aside/{TOO_LONG}/",
        f"/_fragments/article-aside/{LONGEST}0000000/",
        f"/_fragments/live/{TOO_LONG}/",
        f"/_fragments/live/1/since/{TOO_LONG}/",
    ],
)
@pytest.mark.django_db
def test_an_id_longer_than_the_database_holds_is_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_the_longest_id_a_database_holds_is_looked_up(client):
    """The live fragment of a blog that does not exist is a 404; an article's aside
    without a stored list shows the newest others, whatever the id."""
    assert client.get(f"/_fragments/live/{LONGEST}/").status_code == 404
    assert client.get(f"/_fragments/article-aside/{LONGEST}/").status_code == 200

"""Surrogate keys as they travel: one bounded header, wildcards for large responses, and
which purges the shared cache may do softly."""

from __future__ import annotations

import pytest

from polosa.core import purge, surrogate


def test_a_small_set_of_keys_is_sent_as_it_is():
    keys = {"article-12", "rubric-3", "listing-site", "site"}
    assert surrogate.header_value(keys) == "article-12 listing-site rubric-3 site"


@pytest.mark.parametrize("items", [300, 500, 5000])
def test_a_large_response_names_the_kinds_that_take_the_most_room(items):
    keys = {surrogate.article(100000 + n) for n in range(items)}
    keys |= {surrogate.image(500000 + n) for n in range(items // 10)}
    keys |= {surrogate.rubric(n) for n in range(1, 5)}
    keys |= {surrogate.LISTING_SITE, surrogate.SITE, surrogate.RUBRICS}
    value = surrogate.header_value(keys)
    assert len(value) <= surrogate.HEADER_MAX_BYTES
    named = set(value.split())
    assert "article-*" in named
    assert not any(key.startswith("article-1") for key in named)
    assert {"rubric-1", "listing-site", "site", "rubrics"} <= named  # small kinds stay
    if items == 300:
        assert "image-500000" in named  # collapsing the articles was enough


def test_every_kind_collapses_when_it_must():
    keys = {f"{kind}-{n}" for kind in surrogate.ITEM_KINDS for n in range(100000, 100100)}
    value = surrogate.header_value(keys | {"site"}, max_bytes=1000)
    assert set(value.split()) == {surrogate.wildcard(kind) for kind in surrogate.ITEM_KINDS} | {
        "site"
    }


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("article-12", "article"),
        ("listing-rubric-3", "listing-rubric"),
        ("tag-5", "tag"),
        ("listing-tag-5", "listing-tag"),
        ("legal-fa-orlov", "legal"),
        ("related-12", "related"),
        ("listing-site", None),
        ("settings", None),
        ("most-read", None),
    ],
)
def test_the_kind_of_a_key(key, kind):
    assert surrogate.kind_of(key) == kind


def test_each_purged_item_also_purges_its_kind():
    assert surrogate.wildcards(["article-12", "article-13", "legal-x", "site"]) == {
        "article-*",
        "legal-*",
    }


@pytest.mark.parametrize(
    ("key", "soft"),
    [
        ("listing-site", True),
        ("listing-rubric-3", True),
        ("listing-tag-*", True),
        ("ratings", True),
        ("most-read", True),
        ("article-12", False),
        ("article-*", False),
        ("legal-fa-orlov", False),
        ("urgent", False),
        ("settings", False),
        ("site", False),
    ],
)
def test_only_lists_are_purged_softly(key, soft):
    assert surrogate.is_soft(key) is soft


class RecordingBackend:
    def __init__(self, sent):
        self.sent = sent

    def purge_keys(self, keys, *, soft=False):
        self.sent.append(("soft" if soft else "hard", list(keys)))


def test_the_shared_cache_is_purged_hard_first_then_softly(monkeypatch):
    from polosa.core import frontend_cache

    sent: list = []
    monkeypatch.setattr(frontend_cache, "key_purging_backends", lambda: [RecordingBackend(sent)])
    monkeypatch.setattr(frontend_cache, "url_purging_backends", lambda: [])
    purge.purge_frontend(["listing-site", "article-12", "listing-rubric-3", "legal-x"])
    assert sent == [
        ("hard", ["article-*", "article-12", "legal-*", "legal-x"]),
        ("soft", ["listing-rubric-*", "listing-rubric-3", "listing-site"]),
    ]

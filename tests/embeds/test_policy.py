"""One list of embed origins: every provider's frames and scripts are allowed by the
reader's Content-Security-Policy, and nothing else third-party is."""

from __future__ import annotations

import importlib

import pytest

from polosa.embeds import providers
from tests.core.test_security_headers import directives

pytestmark = pytest.mark.django_db


def test_every_providers_origin_is_in_the_one_list(settings):
    assert set(providers.embed_origins()) <= set(settings.POLOSA_EMBED_ORIGINS)


def test_the_reader_policy_frames_the_providers_and_runs_only_telegrams_widget(
    client, article_factory
):
    policy = directives(client.get(article_factory("Новость с видео").url))
    assert set(providers.embed_origins()) <= set(policy["frame-src"])
    assert policy["script-src"] == ["'self'", "https://telegram.org"]


@pytest.mark.parametrize(
    ("stored", "converted"),
    [
        ("https://t.me/polosa_news/1", {"url": "https://t.me/polosa_news/1", "caption": ""}),
        ("", {"url": "", "caption": ""}),
        ({"url": "https://ok.ru/video/1", "caption": "Ок"}, None),
    ],
    ids=["address", "empty", "already-converted"],
)
def test_the_migration_gives_a_stored_embed_an_empty_caption(stored, converted):
    migration = importlib.import_module("polosa.news.migrations.0005_table_card_blocks")
    assert migration.EmbedURLToFigure().apply(stored) == (converted or stored)

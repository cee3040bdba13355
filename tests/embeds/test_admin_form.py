"""The editor's side: an embed of a supported post or video is accepted from the article's
edit form; anything else is refused with a Russian message under the field, never an error
page, and without a network call."""

from __future__ import annotations

import pytest

from polosa.news.models import ArticlePage
from tests.news.admin_forms import body_messages, save_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(article_factory):
    return article_factory("Концерт на площади")


@pytest.mark.parametrize(
    "address",
    [
        "https://t.me/polosa_news/123",
        "https://t.me/s/polosa_news/123?single",
        "https://vk.com/video-1_2",
        "https://vkvideo.ru/video-1_2",
        "https://rutube.ru/video/0123456789abcdef0123456789abcdef/",
        "https://youtu.be/aB3_dE-5gH9?t=30",
        "https://dzen.ru/embed/vAbC12dEf34",
        "https://ok.ru/video/1234567890",
    ],
    ids=["telegram", "telegram-preview", "vk", "vkvideo", "rutube", "youtube", "dzen", "ok"],
)
def test_a_supported_post_or_video_is_accepted_with_its_caption(admin_client, article, address):
    response = save_draft(
        admin_client, article, [("embed", {"url": address, "caption": "Как это было"})]
    )
    assert response.status_code == 302
    revision = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert revision.body.raw_data[0]["value"]["url"] == address


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("https://t.me/polosa_news", "Это не ссылка на пост Telegram"),
        ("https://t.me/c/1234567/89", "закрытого канала или чата Telegram"),
        ("https://vk.com/wall-1_2", "Для поста ВКонтакте нужен ключ из кода для вставки"),
        ("https://youtube.com/@polosa", "Это не ссылка на видео YouTube"),
        ("https://dzen.ru/video/watch/64f12ab34cd56ef78a9b0c1d", "У видео Дзена адрес"),
        ("https://youtu.be/short", "Ссылка на YouTube выглядит неполной или с ошибкой"),
        ("https://example.com/page", "Эту ссылку нельзя встроить. Встраиваются посты и видео"),
        ("не ссылка", "Введите правильный URL."),
    ],
    ids=[
        "telegram-channel",
        "telegram-private",
        "vk-post-key",
        "youtube-channel",
        "dzen-watch",
        "youtube-malformed",
        "unsupported-site",
        "not-an-address",
    ],
)
def test_a_refused_address_gets_a_russian_message_under_the_field(
    admin_client, article, address, message
):
    response = save_draft(admin_client, article, [("embed", {"url": address, "caption": ""})])
    assert response.status_code == 200
    messages = body_messages(response)
    assert len(messages) == 1 and message in messages[0], messages

"""Wagtail's embed lookup with Polosa's finders: the providers' markup without a network
call, other oEmbed providers sanitised, and a Russian reason for every refusal."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import translation
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders import get_finders
from wagtail.embeds.models import Embed

pytestmark = pytest.mark.django_db

RUTUBE_ID = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def russian():
    with translation.override("ru"):
        yield


@pytest.mark.parametrize(
    ("address", "provider_name", "kind"),
    [
        ("https://t.me/polosa_news/123", "Telegram", "rich"),
        ("https://vk.com/video-1_2", "ВКонтакте", "video"),
        (f"https://rutube.ru/video/{RUTUBE_ID}/", "Rutube", "video"),
        ("https://youtu.be/aB3_dE-5gH9?t=5", "YouTube", "video"),
        ("https://dzen.ru/embed/vAbC12dEf34", "Дзен", "video"),
        ("https://ok.ru/video/1234567890", "Одноклассники", "video"),
    ],
    ids=["telegram", "vk", "rutube", "youtube", "dzen", "ok"],
)
def test_a_supported_address_is_stored_with_its_provider_and_no_network_call(
    address, provider_name, kind
):
    embed = embeds.get_embed(address)
    assert (embed.provider_name, embed.type) == (provider_name, kind)
    assert embed.html.startswith(('<iframe src="https://', '<script async src="https://'))
    assert Embed.objects.filter(url=address).count() == 1


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("https://t.me/polosa_news", "Это не ссылка на пост Telegram"),
        ("https://t.me/c/1234567/89", "закрытого канала"),
        ("https://vk.com/wall-1_2", "нужен ключ из кода для вставки"),
        ("https://dzen.ru/video/watch/64f12ab34cd56ef78a9b0c1d", "«Поделиться» → «Встроить»"),
        ("https://ok.ru/video/12ab", "Ссылка на Одноклассники выглядит неполной"),
        ("https://example.com/news/1", "Встраиваются посты и видео: Telegram, ВКонтакте"),
    ],
    ids=["telegram-channel", "telegram-private", "vk-post-key", "dzen-watch", "ok-bad", "other"],
)
def test_a_refused_address_says_why_in_russian(address, message):
    with pytest.raises(EmbedNotFoundException) as refused:
        embeds.get_embed(address)
    assert message in str(refused.value)
    assert not Embed.objects.exists()


def test_a_provider_the_site_does_not_allow_is_refused(settings):
    settings.POLOSA_EMBED_ORIGINS = ["https://vk.com"]
    with pytest.raises(EmbedNotFoundException, match="Встраивание из Rutube на сайте выключено"):
        embeds.get_embed(f"https://rutube.ru/video/{RUTUBE_ID}/")


# -- another oEmbed provider, served from this machine ------------------------------------


class FakeOEmbed(BaseHTTPRequestHandler):
    answer: dict = {}

    def do_GET(self):
        body = json.dumps(self.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def oembed_provider(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOEmbed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.POLOSA_EMBED_ORIGINS = [*settings.POLOSA_EMBED_ORIGINS, "https://player.example"]
    settings.WAGTAILEMBEDS_FINDERS = [
        {"class": "polosa.embeds.finders.ProviderFinder"},
        {
            "class": "polosa.embeds.finders.SanitisingOEmbedFinder",
            "providers": [
                {
                    "endpoint": f"http://127.0.0.1:{server.server_port}/oembed",
                    "urls": [r"^https://video\.example/.+$"],
                }
            ],
        },
        {"class": "polosa.embeds.finders.RefuseTheRestFinder"},
    ]
    get_finders.cache_clear()
    yield FakeOEmbed
    get_finders.cache_clear()
    server.shutdown()
    server.server_close()


def test_an_oembed_providers_markup_is_sanitised_before_it_is_stored(oembed_provider):
    oembed_provider.answer = {
        "type": "video",
        "provider_name": "Видео.пример",
        "html": (
            '<iframe src="https://player.example/v/1" onload="steal()" width="640"></iframe>'
            '<script>document.cookie</script><img src="https://tracker.example/p.gif">'
        ),
    }
    embed = embeds.get_embed("https://video.example/1")
    assert embed.html == '<iframe src="https://player.example/v/1" width="640"></iframe>'
    assert embed.provider_name == "Видео.пример"


def test_an_oembed_answer_with_nothing_allowed_is_refused(oembed_provider):
    oembed_provider.answer = {
        "type": "rich",
        "html": '<iframe src="https://elsewhere.example/v/1"></iframe><script src="x.js"></script>',
    }
    with pytest.raises(EmbedNotFoundException, match="не прошёл проверку безопасности"):
        embeds.get_embed("https://video.example/2")
    assert not Embed.objects.exists()


def test_an_oembed_provider_that_cannot_answer_gives_a_russian_message(oembed_provider):
    oembed_provider.answer = {"html": "<p>no type</p>"}
    with pytest.raises(EmbedNotFoundException, match="Сайт не отдал код для встраивания"):
        embeds.get_embed("https://video.example/3")

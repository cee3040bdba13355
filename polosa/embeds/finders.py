"""Wagtail embed finders (``WAGTAILEMBEDS_FINDERS``), in the order settings list them.

* :class:`ProviderFinder`: Telegram, VK, Rutube, YouTube, Dzen and OK, built from the
  address without a network call (:mod:`polosa.embeds.providers`).
* :class:`SanitisingOEmbedFinder`: Wagtail's oEmbed finder for other providers, with the
  markup sanitised; a provider whose frames come from an origin the site does not allow is
  refused.
* :class:`RefuseTheRestFinder`: last; every other address is refused with the list of what
  can be embedded.

Refusals are :class:`~wagtail.embeds.exceptions.EmbedNotFoundException` whose text is the
editor's message; the article's embed block shows it under the field.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders.base import EmbedFinder
from wagtail.embeds.finders.oembed import OEmbedFinder

from polosa.embeds import providers
from polosa.embeds.sanitise import sanitise

#: Why a known provider's address was refused, as the editor reads it.
REASONS = {
    ("telegram", "private"): _(
        "Это пост из закрытого канала или чата Telegram: его нельзя встроить. Нужна ссылка "
        "на пост публичного канала вида https://t.me/канал/123."
    ),
    ("telegram", "not_a_post"): _(
        "Это не ссылка на пост Telegram. Нужна ссылка вида https://t.me/канал/123 "
        "(в Telegram: «Копировать ссылку» у поста)."
    ),
    ("vk", "post_needs_hash"): _(
        "Для поста ВКонтакте нужен ключ из кода для вставки: у поста выберите «Поделиться» → "
        "«Экспортировать» и добавьте к ссылке ?hash=… из этого кода."
    ),
    ("vk", "not_a_post"): _(
        "Это не ссылка на пост или видео ВКонтакте. Нужна ссылка вида https://vk.com/wall-1_2 "
        "или https://vk.com/video-1_2."
    ),
    ("rutube", "not_a_video"): _(
        "Это не ссылка на видео Rutube. Нужна ссылка вида https://rutube.ru/video/…/."
    ),
    ("youtube", "not_a_video"): _(
        "Это не ссылка на видео YouTube. Нужна ссылка вида https://www.youtube.com/watch?v=… "
        "или https://youtu.be/…."
    ),
    ("dzen", "watch_page"): _(
        "У видео Дзена адрес для встраивания другой: под видео выберите «Поделиться» → "
        "«Встроить» и вставьте ссылку вида https://dzen.ru/embed/… из этого кода."
    ),
    ("dzen", "not_a_video"): _(
        "Это не ссылка на видео Дзена. Нужна ссылка вида https://dzen.ru/embed/… "
        "(«Поделиться» → «Встроить»)."
    ),
    ("ok", "not_a_video"): _(
        "Это не ссылка на видео Одноклассников. Нужна ссылка вида https://ok.ru/video/123."
    ),
}


def allowed_origins() -> list[str]:
    """The origins a reader's page may load embeds from: the CSP's ``frame-src`` list."""
    return list(settings.POLOSA_EMBED_ORIGINS)


def refusal(provider: providers.Provider, reason: str) -> str:
    message = REASONS.get((provider.key, reason))
    if message is not None:
        return str(message)
    return gettext("Ссылка на %(provider)s выглядит неполной или с ошибкой: проверьте её.") % {
        "provider": provider.name
    }


class ProviderFinder(EmbedFinder):
    """The supported providers' markup, built from the address (no network call)."""

    def accept(self, url: str) -> bool:
        return providers.provider_of(url) is not None

    def find_embed(self, url: str, max_width=None, max_height=None) -> dict:
        try:
            embed = providers.recognise(url)
        except providers.Refused as refused:
            raise EmbedNotFoundException(refusal(refused.provider, refused.reason)) from None
        if embed is None:  # accept() said yes, so only a race with settings gets here
            raise EmbedNotFoundException(gettext("Этот адрес нельзя встроить."))
        html = sanitise(embed.html, allowed_origins())
        if not html:
            raise EmbedNotFoundException(
                gettext("Встраивание из %(provider)s на сайте выключено.")
                % {"provider": embed.provider.name}
            )
        return {
            "title": "",
            "author_name": "",
            "provider_name": embed.provider.name,
            "type": embed.kind,
            "thumbnail_url": "",
            "width": embed.width,
            "height": embed.height,
            "html": html,
        }


class SanitisingOEmbedFinder(OEmbedFinder):
    """Wagtail's oEmbed finder whose answer keeps only the allowed embed shapes."""

    def find_embed(self, url: str, max_width=None, max_height=None) -> dict:
        try:
            found = super().find_embed(url, max_width=max_width, max_height=max_height)
        except EmbedNotFoundException:
            raise EmbedNotFoundException(
                gettext("Сайт не отдал код для встраивания по этой ссылке. Проверьте ссылку.")
            ) from None
        html = sanitise(found.get("html") or "", allowed_origins())
        if not html:
            raise EmbedNotFoundException(
                gettext("Код для встраивания с этого сайта не прошёл проверку безопасности.")
            )
        return {**found, "html": html}


class RefuseTheRestFinder(EmbedFinder):
    """Accepts every address no finder before it took, to say what can be embedded."""

    def accept(self, url: str) -> bool:
        return True

    def find_embed(self, url: str, max_width=None, max_height=None) -> dict:
        names = ", ".join(provider.name for provider in providers.PROVIDERS)
        raise EmbedNotFoundException(
            gettext("Эту ссылку нельзя встроить. Встраиваются посты и видео: %(providers)s.")
            % {"providers": names}
        )

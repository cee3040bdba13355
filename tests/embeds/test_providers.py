"""Each provider's address forms and the markup built from them, without a network call."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polosa.embeds import providers
from polosa.embeds.sanitise import sanitise

RUTUBE_ID = "0123456789abcdef0123456789abcdef"
YOUTUBE_ID = "aB3_dE-5gH9"
YOUTUBE_EMBED = f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"

#: (case, address, provider, the address the iframe/widget loads, or what it carries)
FORMS = [
    (
        "telegram-post",
        "https://t.me/polosa_news/123",
        "telegram",
        'data-telegram-post="polosa_news/123"',
    ),
    (
        "telegram-web-preview",
        "https://t.me/s/polosa_news/123",
        "telegram",
        'data-telegram-post="polosa_news/123"',
    ),
    (
        "telegram-single",
        "https://t.me/polosa_news/123?single",
        "telegram",
        'data-telegram-post="polosa_news/123"',
    ),
    (
        "telegram-comment",
        "https://t.me/polosa_news/123?comment=7",
        "telegram",
        'data-telegram-post="polosa_news/123"',
    ),
    (
        "telegram-me-host",
        "http://telegram.me/polosa_news/9",
        "telegram",
        'data-telegram-post="polosa_news/9"',
    ),
    (
        "telegram-www",
        "https://www.t.me/polosa_news/9/",
        "telegram",
        'data-telegram-post="polosa_news/9"',
    ),
    (
        "vk-video-community",
        "https://vk.com/video-22822305_456242128",
        "vk",
        "https://vk.com/video_ext.php?oid=-22822305&amp;id=456242128&amp;hd=2",
    ),
    (
        "vk-video-user",
        "https://vk.com/video1_2",
        "vk",
        "https://vk.com/video_ext.php?oid=1&amp;id=2&amp;hd=2",
    ),
    (
        "vk-video-mobile",
        "https://m.vk.com/video-1_2",
        "vk",
        "https://vk.com/video_ext.php?oid=-1&amp;id=2&amp;hd=2",
    ),
    (
        "vk-video-over-page",
        "https://vk.com/polosa?z=video-1_2%2Fvideos-1",
        "vk",
        "https://vk.com/video_ext.php?oid=-1&amp;id=2&amp;hd=2",
    ),
    (
        "vk-clip",
        "https://vk.com/clip-1_2",
        "vk",
        "https://vk.com/video_ext.php?oid=-1&amp;id=2&amp;hd=2",
    ),
    (
        "vk-video-ext",
        "https://vk.com/video_ext.php?oid=-1&id=2&hash=ab12",
        "vk",
        "https://vk.com/video_ext.php?oid=-1&amp;id=2&amp;hd=2&amp;hash=ab12",
    ),
    (
        "vkvideo",
        "https://vkvideo.ru/video-1_2",
        "vk",
        "https://vkvideo.ru/video_ext.php?oid=-1&amp;id=2&amp;hd=2",
    ),
    (
        "vk-ru-video",
        "https://vk.ru/video-1_2",
        "vk",
        "https://vk.com/video_ext.php?oid=-1&amp;id=2&amp;hd=2",
    ),
    (
        "vk-post-with-key",
        "https://vk.com/wall-1_2?hash=Xy_9",
        "vk",
        "https://vk.com/widget_post.php?owner_id=-1&amp;post_id=2&amp;hash=Xy_9",
    ),
    (
        "vk-post-over-page",
        "https://vk.com/polosa?w=wall-1_2&hash=Xy9",
        "vk",
        "https://vk.com/widget_post.php?owner_id=-1&amp;post_id=2&amp;hash=Xy9",
    ),
    (
        "rutube-video",
        f"https://rutube.ru/video/{RUTUBE_ID}/",
        "rutube",
        f"https://rutube.ru/play/embed/{RUTUBE_ID}/",
    ),
    (
        "rutube-start",
        f"https://rutube.ru/video/{RUTUBE_ID}/?t=95",
        "rutube",
        f"https://rutube.ru/play/embed/{RUTUBE_ID}/?t=95",
    ),
    (
        "rutube-private",
        f"https://rutube.ru/video/private/{RUTUBE_ID}/?p=k3y",
        "rutube",
        f"https://rutube.ru/play/embed/{RUTUBE_ID}/?p=k3y",
    ),
    (
        "rutube-shorts",
        f"https://rutube.ru/shorts/{RUTUBE_ID}/",
        "rutube",
        f"https://rutube.ru/play/embed/{RUTUBE_ID}/",
    ),
    (
        "rutube-embed",
        f"https://rutube.ru/play/embed/{RUTUBE_ID}",
        "rutube",
        f"https://rutube.ru/play/embed/{RUTUBE_ID}/",
    ),
    (
        "youtube-watch",
        f"https://www.youtube.com/watch?v={YOUTUBE_ID}",
        "youtube",
        f'"{YOUTUBE_EMBED}"',
    ),
    (
        "youtube-watch-extra",
        f"https://youtube.com/watch?feature=share&v={YOUTUBE_ID}&list=PL1",
        "youtube",
        f'"{YOUTUBE_EMBED}"',
    ),
    (
        "youtube-mobile",
        f"https://m.youtube.com/watch?v={YOUTUBE_ID}",
        "youtube",
        f'"{YOUTUBE_EMBED}"',
    ),
    ("youtube-short-link", f"https://youtu.be/{YOUTUBE_ID}", "youtube", f'"{YOUTUBE_EMBED}"'),
    (
        "youtube-short-link-t",
        f"https://youtu.be/{YOUTUBE_ID}?t=42",
        "youtube",
        f'"{YOUTUBE_EMBED}?start=42"',
    ),
    (
        "youtube-watch-t-minutes",
        f"https://www.youtube.com/watch?v={YOUTUBE_ID}&t=1m30s",
        "youtube",
        f'"{YOUTUBE_EMBED}?start=90"',
    ),
    (
        "youtube-watch-t-hours",
        f"https://www.youtube.com/watch?v={YOUTUBE_ID}&t=1h2m3s",
        "youtube",
        f'"{YOUTUBE_EMBED}?start=3723"',
    ),
    (
        "youtube-fragment-t",
        f"https://www.youtube.com/watch?v={YOUTUBE_ID}#t=15",
        "youtube",
        f'"{YOUTUBE_EMBED}?start=15"',
    ),
    (
        "youtube-shorts",
        f"https://www.youtube.com/shorts/{YOUTUBE_ID}",
        "youtube",
        f'"{YOUTUBE_EMBED}"',
    ),
    (
        "youtube-live",
        f"https://www.youtube.com/live/{YOUTUBE_ID}?si=abc",
        "youtube",
        f'"{YOUTUBE_EMBED}"',
    ),
    (
        "youtube-embed",
        f"https://www.youtube.com/embed/{YOUTUBE_ID}?start=7",
        "youtube",
        f'"{YOUTUBE_EMBED}?start=7"',
    ),
    (
        "youtube-nocookie",
        f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}",
        "youtube",
        f'"{YOUTUBE_EMBED}"',
    ),
    (
        "dzen-embed",
        "https://dzen.ru/embed/vAbC12dEf34",
        "dzen",
        "https://dzen.ru/embed/vAbC12dEf34?",
    ),
    (
        "dzen-old-host",
        "https://zen.yandex.ru/embed/vAbC12dEf34",
        "dzen",
        "https://dzen.ru/embed/vAbC12dEf34?",
    ),
    ("ok-video", "https://ok.ru/video/1234567890", "ok", '"https://ok.ru/videoembed/1234567890"'),
    (
        "ok-mobile",
        "https://m.ok.ru/video/1234567890",
        "ok",
        '"https://ok.ru/videoembed/1234567890"',
    ),
    (
        "ok-embed",
        "https://ok.ru/videoembed/1234567890",
        "ok",
        '"https://ok.ru/videoembed/1234567890"',
    ),
    ("ok-live", "https://ok.ru/live/1234567890", "ok", '"https://ok.ru/videoembed/1234567890"'),
]

#: (case, address, provider, reason)
REFUSED = [
    ("telegram-channel-only", "https://t.me/polosa_news", "telegram", "not_a_post"),
    ("telegram-private-chat", "https://t.me/c/1234567/89", "telegram", "private"),
    ("telegram-post-not-a-number", "https://t.me/polosa_news/abc", "telegram", "not_a_post"),
    ("telegram-bad-channel", "https://t.me/ab/12", "telegram", "not_a_post"),
    ("telegram-invite", "https://t.me/+AbCdEf", "telegram", "not_a_post"),
    ("vk-post-without-key", "https://vk.com/wall-1_2", "vk", "post_needs_hash"),
    ("vk-community-page", "https://vk.com/polosa", "vk", "not_a_post"),
    ("vk-video-bad-id", "https://vk.com/video-1_x", "vk", "not_a_post"),
    ("vk-key-with-markup", 'https://vk.com/video-1_2?hash="><script>', "vk", "malformed"),
    ("vk-video-ext-bad-owner", "https://vk.com/video_ext.php?oid=x&id=2", "vk", "malformed"),
    ("rutube-channel", "https://rutube.ru/channel/123/", "rutube", "not_a_video"),
    ("rutube-short-id", "https://rutube.ru/video/abc/", "rutube", "malformed"),
    ("youtube-channel", "https://www.youtube.com/@polosa", "youtube", "not_a_video"),
    ("youtube-watch-without-id", "https://www.youtube.com/watch?list=PL1", "youtube", "malformed"),
    ("youtube-id-too-short", "https://youtu.be/abc", "youtube", "malformed"),
    ("youtube-id-with-markup", "https://youtu.be/aB3_dE-5gH<", "youtube", "malformed"),
    (
        "dzen-watch-page",
        "https://dzen.ru/video/watch/64f12ab34cd56ef78a9b0c1d",
        "dzen",
        "watch_page",
    ),
    ("dzen-channel", "https://dzen.ru/polosa", "dzen", "not_a_video"),
    ("ok-group", "https://ok.ru/group/5555", "ok", "not_a_video"),
    ("ok-bad-id", "https://ok.ru/video/12ab", "ok", "malformed"),
]


@pytest.mark.parametrize(
    ("address", "provider", "expected"),
    [case[1:] for case in FORMS],
    ids=[case[0] for case in FORMS],
)
def test_each_address_form_gives_the_providers_markup(address, provider, expected):
    embed = providers.recognise(address)
    assert embed is not None
    assert embed.provider.key == provider
    assert expected in embed.html


@pytest.mark.parametrize(
    ("address", "provider", "reason"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_a_known_sites_address_that_is_no_post_or_video_is_refused_with_its_reason(
    address, provider, reason
):
    with pytest.raises(providers.Refused) as refused:
        providers.recognise(address)
    assert (refused.value.provider.key, refused.value.reason) == (provider, reason)


@pytest.mark.parametrize(
    "address",
    [
        "https://example.com/video/1",
        "https://vimeo.com/123",
        "ftp://t.me/polosa_news/1",
        "javascript:alert(1)//t.me/a/1",
        "t.me/polosa_news/1",
        "not an address",
        "",
        "https://[::1/",
    ],
)
def test_other_sites_and_non_addresses_are_no_providers(address):
    assert providers.provider_of(address) is None
    assert providers.recognise(address) is None


def test_the_telegram_post_is_telegrams_documented_widget():
    embed = providers.recognise("https://t.me/polosa_news/123")
    assert embed.html == (
        '<script async src="https://telegram.org/js/telegram-widget.js?22"'
        ' data-telegram-post="polosa_news/123" data-width="100%"></script>'
    )


@pytest.mark.parametrize("case", FORMS, ids=[case[0] for case in FORMS])
def test_the_built_markup_passes_the_sanitiser_unchanged(case):
    embed = providers.recognise(case[1])
    assert sanitise(embed.html, providers.embed_origins()) == embed.html


@given(st.text(max_size=120))
def test_any_text_is_recognised_refused_or_left_alone(text):
    for address in (
        text,
        f"https://t.me/{text}",
        f"https://vk.com/{text}",
        f"https://youtu.be/{text}",
    ):
        try:
            embed = providers.recognise(address)
        except providers.Refused:
            continue
        if embed is not None:
            assert sanitise(embed.html, providers.embed_origins()) == embed.html

"""Robots are not readers."""

import pytest

from polosa.readership.agents import is_bot

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
    "like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/122.0 YaBrowser/24.4.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
]
ROBOTS = [
    "",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "TelegramBot (like TwitterBot)",
    "facebookexternalhit/1.1",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/124.0 Safari/537.36",
    "python-requests/2.32",
    "curl/8.5.0",
    "Wget/1.21",
    "WhatsApp/2.23",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0)",
]


@pytest.mark.parametrize("agent", BROWSERS)
def test_browsers_are_readers(agent):
    assert not is_bot(agent)


@pytest.mark.parametrize("agent", ROBOTS)
def test_crawlers_previews_scripts_and_no_agent_are_not(agent):
    assert is_bot(agent)

"""Which requests are people reading: crawlers, link previews and scripts are not. Pure."""

from __future__ import annotations

import re

__all__ = ["is_bot"]

# Substrings of the user agents of crawlers (search engines, SEO tools, feed readers),
# link previews (messengers, social networks), monitors, headless browsers and HTTP
# libraries. Yandex's browser says "YaBrowser", never "Yandex": only its robots match.
_BOT = re.compile(
    r"bot|crawl|spider|slurp|yandex|mediapartners|facebookexternalhit|embedly|preview|"
    r"headless|phantomjs|selenium|puppeteer|playwright|lighthouse|pagespeed|pingdom|"
    r"uptime|monitor|python|curl|wget|httpie|go-http-client|okhttp|java/|libwww|"
    r"axios|node-fetch|scrapy|feedfetcher|rss|whatsapp|vkshare|skypeuripreview|"
    r"mail\.ru_bot|bingpreview|archive\.org|ia_archiver",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    """Whether ``user_agent`` is a robot's (no user agent at all is one too)."""
    return not user_agent.strip() or _BOT.search(user_agent) is not None

"""Feed generators Django's syndication framework lacks: JSON Feed 1.1 and Dzen RSS.

Both read the :class:`~polosa.distribution.entries.Entry` handed over in each item's
``entry`` keyword (``Feed.item_extra_kwargs``), so the formats share one source of truth.
"""

from __future__ import annotations

import json

from django.utils.feedgenerator import Rss201rev2Feed, SyndicationFeed

from polosa.distribution.entries import Entry, json_feed

DZEN_DIRECTIVES = ("format-article", "index", "comment-all")
DZEN_NAMESPACES = {
    "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
    "xmlns:dc": "http://purl.org/dc/elements/1.1/",
    "xmlns:media": "http://search.yahoo.com/mrss/",
    "xmlns:atom": "http://www.w3.org/2005/Atom",
    "xmlns:georss": "http://www.georss.org/georss",
}


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        document = json_feed(
            title=str(self.feed["title"]),
            home_page_url=str(self.feed["link"]),
            feed_url=str(self.feed["feed_url"] or self.feed["link"]),
            description=str(self.feed["description"] or ""),
            entries=[item["entry"] for item in self.items],
            language=str(self.feed["language"] or "ru"),
        )
        outfile.write(json.dumps(document, ensure_ascii=False, indent=1))


class DzenFeed(Rss201rev2Feed):
    """RSS 2.0 the way Dzen reads it: full text in ``content:encoded`` (whitelisted tags),
    an enclosure for every picture, a rating and publication directives."""

    def rss_attributes(self):
        attributes = super().rss_attributes()
        attributes.update(DZEN_NAMESPACES)
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        entry: Entry = item["entry"]
        if entry.authors:
            handler.addQuickElement("author", ", ".join(p.name for p in entry.authors))
        for picture in entry.pictures:
            handler.addQuickElement(
                "enclosure", "", {"url": picture.url, "type": picture.mime_type}
            )
        rating = "adult" if entry.adult else "nonadult"
        handler.addQuickElement("media:rating", rating, {"scheme": "urn:simple"})
        handler.addQuickElement("content:encoded", entry.content_html)

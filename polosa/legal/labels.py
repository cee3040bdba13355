"""Labelling of published text. Until the registries land, text passes through unchanged,
in this one place, so pages, feeds and Telegram all change together later."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Labelled:
    html: str
    footnotes: list = field(default_factory=list)
    footnotes_html: str = ""
    plaque: str = ""


def label_html(html: str) -> Labelled:
    return Labelled(html=html)


def label_article(article, body_html: str) -> Labelled:
    return label_html(str(body_html))

"""Template filters that carry legal marks to wherever a headline is shown.

``{{ article|marked_title }}`` in a card, «Читайте также» or a listing gives the escaped
headline with the stars its article's page shows (the entries it marks are declared, so a
registry change purges the card); ``{{ page|marked_page_title }}`` is the ``<title>``:
marked only when the outlet asks for it.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def marked_title(article) -> SafeString:
    from polosa import legal

    title = getattr(article, "title", "") or ""
    return mark_safe(legal.label_headline(title, article_id=getattr(article, "pk", None)).html)


@register.filter
def marked_page_title(page) -> str:
    """The page's title for ``<title>`` (its SEO title first), marked per the setting."""
    from polosa import legal
    from polosa.news.models import ArticlePage

    title = getattr(page, "seo_title", "") or getattr(page, "title", "") or ""
    if not isinstance(page, ArticlePage):
        return title
    return legal.page_title(page, title)

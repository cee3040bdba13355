"""Template filters that carry legal marks to wherever a headline is shown.

``{{ article|marked_title }}`` in a card, «Читайте также» or a listing gives the escaped
headline with the stars its article's page shows (the entries it marks are declared, so a
registry change purges the card); ``{{ page|marked_page_title }}`` is the ``<title>``:
marked only when the outlet asks for it; ``{{ note|marked_correction:labelled }}`` is a
correction note under an article, marked with the article's text (``labelled``).
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
def marked_correction(note, labelled) -> SafeString:
    """A correction note's text with the stars its article gives it (the notes are marked
    after the body, so a foreign agent named in a note has its footnote with the others);
    the text escaped as it is when the article was not marked."""
    from django.utils.html import escape

    if labelled and hasattr(labelled, "correction_html"):
        return mark_safe(labelled.correction_html(note))
    return escape(str(getattr(note, "text", "") or ""))


@register.filter
def marked_page_title(page) -> str:
    """The page's title for ``<title>`` (its SEO title first), marked per the setting."""
    from polosa import legal
    from polosa.news.models import ArticlePage

    title = getattr(page, "seo_title", "") or getattr(page, "title", "") or ""
    if not isinstance(page, ArticlePage):
        return title
    return legal.page_title(page, title)

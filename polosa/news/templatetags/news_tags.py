from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from polosa.core import pagecache
from polosa.news import listing

register = template.Library()


@register.simple_tag
def rubric_links() -> list:
    """The live rubrics shown in menus, in the editors' tree order (from the cache)."""
    return [rubric for rubric in listing.live_rubrics() if rubric.show_in_menus]


@register.tag
def article_text(parser, token):
    """``{% article_text %}…{% endarticle_text %}``: the article's own part of the page,
    rendered once per revision and :func:`~polosa.core.pagecache.articles_generation`.

    A whole-page miss (after any publication or vote) then re-renders only what changed
    around the article: the newest articles and the ratings block.
    """
    nodelist = parser.parse(("endarticle_text",))
    parser.delete_first_token()
    return ArticleTextNode(nodelist)


class ArticleTextNode(template.Node):
    def __init__(self, nodelist) -> None:
        self.nodelist = nodelist

    def render(self, context) -> str:
        key = article_text_key(context.get("page"), context.get("request"))
        if key is None:
            return self.nodelist.render(context)
        text = cache.get(key)
        if text is None:
            text = self.nodelist.render(context)
            cache.set(key, text, settings.POLOSA_ARTICLE_TEXT_CACHE_SECONDS)
        return text


def article_text_key(page, request) -> str | None:
    """The cache key of a live article's text, or ``None`` where it must be fresh:
    previews, editors, a page without a published revision."""
    if page is None or request is None or settings.POLOSA_ARTICLE_TEXT_CACHE_SECONDS <= 0:
        return None
    if getattr(request, "is_preview", False) or not pagecache.is_cacheable_request(request):
        return None
    if not page.live or page.last_published_at is None:
        return None
    stamp = page.last_published_at.timestamp()
    site = getattr(request, "_wagtail_site", None)  # its settings and URLs are in the text
    # Dates leave the year out within the current year: a new year renders anew.
    year = timezone.localdate().year
    return (
        f"polosa:article-text:{getattr(site, 'pk', 0)}:{page.pk}:{page.latest_revision_id}"
        f":{stamp}:{year}:{pagecache.articles_generation()}"
    )

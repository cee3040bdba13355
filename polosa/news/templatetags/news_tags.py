from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe

from polosa.core import pagecache
from polosa.core.sites import site_for_request
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
    site = site_for_request(request)  # its settings and URLs are in the text
    # Dates leave the year out within the current year: a new year renders anew.
    year = timezone.localdate().year
    return (
        f"polosa:article-text:{getattr(site, 'pk', 0)}:{page.pk}:{page.latest_revision_id}"
        f":{stamp}:{year}:{pagecache.articles_generation()}"
    )


@register.simple_tag(takes_context=True)
def cards(context, articles, big: bool = False) -> str:
    """``{% cards articles %}``: the listing's cards, each rendered once per revision.

    A listing misses the page cache after every publication, yet most of its cards are
    the same as before; they come from the cache in one ``get_many``. Editors and
    previews get fresh cards.
    """
    request = context.get("request")
    template = context.template.engine.get_template("news/_card.html")
    keys = {article.pk: card_key(article, request, big) for article in articles}
    found = cache.get_many([key for key in keys.values() if key])
    fresh = {}
    out = []
    for article in articles:
        key = keys[article.pk]
        html = found.get(key) if key else None
        if html is None:
            html = template.render(
                context.new({"article": article, "big": big, "request": request})
            )
            if key:
                fresh[key] = html
        out.append(html)
    if fresh:
        cache.set_many(fresh, settings.POLOSA_ARTICLE_TEXT_CACHE_SECONDS)
    return mark_safe("".join(out))


def card_key(article, request, big: bool) -> str | None:
    """Like :func:`article_text_key`, for an article's card in a listing."""
    text_key = article_text_key(article, request)
    return f"{text_key}:card:{int(big)}" if text_key else None

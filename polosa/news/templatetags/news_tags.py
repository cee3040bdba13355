import time

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from polosa.core import dates, pagecache, surrogate, taggedcache
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
    rendered once per revision and stored under the keys its rendering declared (the
    article, its rubric, authors, tags, people, registry entries, picture, settings).

    A page miss (a vote, another article's publication purging a fragment does not even
    cause one) then re-renders only what changed around the article.
    """
    nodelist = parser.parse(("endarticle_text",))
    parser.delete_first_token()
    return ArticleTextNode(nodelist)


class ArticleTextNode(template.Node):
    def __init__(self, nodelist) -> None:
        self.nodelist = nodelist

    def render(self, context) -> str:
        page = context.get("page")
        name = article_text_name(page, context.get("request"))
        if name is None:
            return self.nodelist.render(context)
        return cached_render(
            name, lambda: self.nodelist.render(context), own_keys=page.surrogate_keys()
        )


def cached_render(name: str, render, *, own_keys: list[str]) -> str:
    """``render()`` stored under the keys it declares (plus ``own_keys``); a stored copy
    declares the same keys into the response that shows it."""
    store = taggedcache.store()
    found = store.get(name)
    if found is not None:
        html, keys = found
        surrogate.declare_all(keys)
        return html
    html, keys, started_at = _render_collecting(render, own_keys)
    _keep(store, name, html, keys, started_at)
    surrogate.declare_all(keys)
    return html


def _keep(store, name: str, html: str, keys: frozenset[str], started_at: float) -> None:
    """Store a rendered part with the keys it declared (they are declared again on use)."""
    store.set(
        name,
        (html, keys),
        keys=keys,
        timeout=settings.POLOSA_ARTICLE_TEXT_CACHE_SECONDS,
        started_at=started_at,
    )


def _render_collecting(render, own_keys: list[str]) -> tuple[str, frozenset[str], float]:
    started_at = time.time()
    with surrogate.collect() as collected:
        surrogate.declare_all(own_keys)
        html = render()
    return html, frozenset(collected | {surrogate.SITE}), started_at


def article_text_name(page, request) -> str | None:
    """The store name of a live article's text, or ``None`` where it must be fresh:
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
        f"article-text:{getattr(site, 'pk', 0)}:{page.pk}:{page.latest_revision_id}:{stamp}:{year}"
    )


@register.simple_tag(takes_context=True)
def cards(context, articles, big: bool = False, eager_first: bool = False) -> str:
    """``{% cards articles %}``: the listing's cards, each rendered once per revision and
    stored under its own keys.

    A listing misses the page cache after every publication in it, yet most of its cards
    are the same as before; they come from the store in one ``get_many``. Editors and
    previews get fresh cards. ``eager_first``: the first card's picture is the page's first
    one, loaded at once; the others load as they near the screen.
    """
    request = context.get("request")
    template = context.template.engine.get_template("news/_card.html")
    articles = list(articles)
    eager_pk = articles[0].pk if eager_first and articles else None
    names = {
        article.pk: card_name(article, request, big, article.pk == eager_pk) for article in articles
    }
    store = taggedcache.store()
    found = store.get_many([name for name in names.values() if name])
    out = []
    for article in articles:
        name = names[article.pk]
        cached = found.get(name) if name else None
        if cached is not None:
            html, keys = cached
            surrogate.declare_all(keys)
        else:

            def render(article=article) -> str:
                shown = {"article": article, "big": big, "eager": article.pk == eager_pk}
                return template.render(context.new({**shown, "request": request}))

            html, keys, started_at = _render_collecting(render, article.surrogate_keys())
            surrogate.declare_all(keys)
            if name:
                _keep(store, name, html, keys, started_at)
        out.append(html)
    return mark_safe("".join(out))


def card_name(article, request, big: bool, eager: bool = False) -> str | None:
    """Like :func:`article_text_name`, for an article's card in a listing. A card that says
    «сегодня» or «вчера» is stored for the day it says it on."""
    text_name = article_text_name(article, request)
    if not text_name:
        return None
    name = f"{text_name}:card:{int(big)}{int(eager)}"
    now = timezone.now()
    if dates.is_recent(article.shown_published_at, now, timezone.get_current_timezone()):
        name += f":{timezone.localdate(now).isoformat()}"
    return name


@register.simple_tag(takes_context=True)
def rubric_blocks(context, per_rubric: int = 4) -> str:
    """``{% rubric_blocks %}``: the home page's block per rubric (its newest cards), stored
    under the site's listing key, so only a publication re-renders it (two queries)."""
    request = context.get("request")
    template = context.template.engine.get_template("news/_rubric_blocks.html")

    def render() -> str:
        blocks = listing.latest_by_rubric(per_rubric)
        return template.render(context.new({"blocks": blocks, "request": request}))

    if request is None or not pagecache.is_cacheable_request(request):
        return mark_safe(render())
    site = site_for_request(request)
    name = f"rubric-blocks:{getattr(site, 'pk', 0)}:{per_rubric}:{timezone.localdate().isoformat()}"
    return mark_safe(
        cached_render(name, render, own_keys=[surrogate.LISTING_SITE, surrogate.RUBRICS])
    )

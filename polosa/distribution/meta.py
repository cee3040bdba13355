"""What ``{% page_meta %}`` puts in every page's ``<head>``: canonical link, feed links,
Open Graph, Twitter card and JSON-LD.

Costs on an article page: its authors and tags (one query each), the outlet settings
(once per request), the three picture renditions for structured data (one query, none
once they are in the renditions cache) and, for a review, its reviewed title with its poster
(one query; the poster's rendition from the renditions cache).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page as ListPage
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from polosa import legal
from polosa.distribution import conf, structured
from polosa.distribution.articles import absolute, page_path
from polosa.distribution.feeds import feed_path
from polosa.distribution.text import json_ld_script

#: 16×9, 4×3 and 1×1 pictures, as search engines like to choose from.
STRUCTURED_RENDITIONS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")
LOGO_RENDITION = "height-60"
#: The author's photo as their page shows it (``news/author_page.html``): one rendition
#: for the page and the structured data.
AUTHOR_PHOTO_RENDITION = "fill-160x160"
#: The context names under which a page passes the page of a list it shows.
LIST_CONTEXT_NAMES = ("articles", "titles")
FEED_TYPES = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)


@dataclass
class Meta:
    canonical: str = ""
    feeds: list[tuple[str, str, str]] = field(default_factory=list)  # (title, type, href)
    properties: list[tuple[str, str]] = field(default_factory=list)  # og:/article: tags
    names: list[tuple[str, str]] = field(default_factory=list)  # twitter: tags
    json_ld: list[str] = field(default_factory=list)  # ready <script> elements
    description: str = ""  # <meta name="description">


def outlet_settings(request: HttpRequest | None = None):
    from polosa.core.models import OutletSettings

    try:
        if request is not None:
            return OutletSettings.for_request(request)
        from wagtail.models import Site

        return OutletSettings.for_site(Site.objects.get(is_default_site=True))
    except Exception:  # no site yet (fresh database): fall back to defaults
        return None


def outlet_name(request: HttpRequest | None = None) -> str:
    found = outlet_settings(request)
    return (found.outlet_name if found else "") or conf.site_name()


def publisher(request: HttpRequest | None) -> dict:
    found = outlet_settings(request)
    logo = ""
    if found is not None and found.logo_id:
        try:
            logo = absolute(found.logo.get_rendition(LOGO_RENDITION).url)
        except Exception:
            logo = ""
    return structured.organization(outlet_name(request), conf.base_url() + "/", logo)


def canonical_for(request: HttpRequest | None, page=None, list_page_number: int = 1) -> str:
    """The page's own URL on the public origin, without any query parameter but the number
    of the list page it shows (``?page=2``).

    The number is the one the view showed, never the raw parameter: ``?page=02`` is page 2,
    and an article given ``?page=…`` is still the article."""
    path = page_path(page.url_path) if page is not None else (request.path if request else "/")
    url = absolute(path)
    if list_page_number > 1:
        url += f"?page={list_page_number}"
    return url


def list_page_number(context) -> int:
    """The number of the list page in the template context; 1 for a page that lists nothing."""
    for name in LIST_CONTEXT_NAMES:
        shown = context.get(name)
        if isinstance(shown, ListPage):
            return shown.number
    return 1


def feed_links(
    site_name: str, kind: str = "site", slug: str = "", name: str = ""
) -> list[tuple[str, str, str]]:
    links = []
    for fmt, mime, label in FEED_TYPES:
        links.append((f"{site_name} — {label}", mime, absolute(feed_path(fmt))))
    if kind != "site":
        for fmt, mime, label in FEED_TYPES:
            links.append((f"{name} — {label}", mime, absolute(feed_path(fmt, kind, slug))))
    return links


def build(context) -> Meta:
    """Everything for the current page, from the template context."""
    request = context.get("request")
    page = context.get("page")
    name = outlet_name(request)
    home = conf.base_url() + "/"
    meta = Meta(canonical=canonical_for(request, page, list_page_number(context)))
    meta.properties += [("og:site_name", name), ("og:locale", "ru_RU"), ("og:url", meta.canonical)]
    trail = [(str(_("Главная")), home)]
    after_crumbs: list[dict] = []  # structured data of what the page is about

    from polosa.news.models import ArticlePage, RubricPage

    specific = getattr(page, "specific_deferred", page) if page is not None else None
    if isinstance(specific, ArticlePage):
        article_meta(meta, specific, request, trail)
        return meta
    if isinstance(specific, RubricPage):
        meta.feeds = feed_links(name, "rubric", specific.slug, specific.title)
        title, description = specific.title, specific.search_description or specific.description
        trail.append((specific.title, meta.canonical))
    elif context.get("author") is not None:
        author = context["author"]
        meta.feeds = feed_links(name, "author", author.slug, author.name)
        title = author.name
        description = author.bio or _("Материалы автора: %(name)s.") % {"name": author.name}
        trail.append((author.name, meta.canonical))
        after_crumbs.append(
            structured.profile_page(
                url=meta.canonical,
                person=author_person(author),
                description=Truncator(author.bio or "").chars(200),
            )
        )
    elif context.get("person") is not None:
        person = context["person"]
        meta.feeds = feed_links(name, "person", person.slug, person.name)
        title = person.name
        description = person.bio or _("%(name)s: новости, интервью и рецензии.") % {
            "name": person.name
        }
        trail.append((str(_("Все звёзды и инфлюенсеры")), absolute(reverse("people:directory"))))
        trail.append((person.name, meta.canonical))
    elif context.get("tag") is not None:
        tag = context["tag"]
        meta.feeds = feed_links(name, "tag", tag.slug, f"#{tag.name}")
        title = f"#{tag.name}"
        description = _("Материалы с тегом #%(tag)s.") % {"tag": tag.name}
        trail.append((f"#{tag.name}", meta.canonical))
    else:
        meta.feeds = feed_links(name)
        title = getattr(page, "seo_title", "") or getattr(page, "title", "") or name
        description = (
            context.get("meta_description")
            or getattr(page, "search_description", "")
            or getattr(page, "intro", "")
        )
        shown_title = context.get("title")
        if shown_title is not None and hasattr(shown_title, "display_name"):  # a film, a series
            title, description = shown_title.display_name, shown_title.description
        if page is None or page.depth > 2:
            trail.append((title, meta.canonical))
    description = Truncator(description or default_description(name)).chars(200)
    meta.description = description
    meta.properties += [("og:type", "website"), ("og:title", title)]
    meta.properties.append(("og:description", description))
    image = preview_image(context)
    if image is not None:
        url, width, height = image
        meta.properties += [
            ("og:image", url),
            ("og:image:width", str(width)),
            ("og:image:height", str(height)),
        ]
    meta.names += [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", title),
    ]
    meta.json_ld.append(json_ld_script(structured.breadcrumbs(trail)))
    meta.json_ld += [json_ld_script(data) for data in after_crumbs]
    return meta


def default_description(outlet: str) -> str:
    return str(_("%(outlet)s: новости, кино, сериалы, музыка и люди, о которых говорят.")) % {
        "outlet": outlet
    }


#: The picture a listing shows in link previews: its lead's or first card's, in the lead
#: size the cards' query already prefetched (so it costs no query).
PREVIEW_RENDITION = "fill-1200x675"


def preview_image(context) -> tuple[str, int, int] | None:
    """A picture for link previews of a page that is not an article: the home page's lead,
    a list's first article with a picture, a person's photo or a film's poster."""
    candidates = []
    lead = context.get("lead")
    if lead is not None:
        candidates.append((lead.main_image, PREVIEW_RENDITION))
    shown = context.get("articles")
    if isinstance(shown, ListPage):
        candidates += [(article.main_image, PREVIEW_RENDITION) for article in shown.object_list]
    # The size the page itself shows: the renditions cache then answers the second ask.
    for owner, field_name, spec in (
        ("person", "photo", "fill-160x160"),
        ("title", "poster", "fill-320x480"),
    ):
        found = context.get(owner)
        if found is not None and not isinstance(found, str):
            candidates.insert(0, (getattr(found, field_name, None), spec))
    for image, spec in candidates:
        if image is None:
            continue
        try:
            rendition = image.get_rendition(spec)
        except Exception:  # a missing file must not take the page down
            continue
        return absolute(rendition.url), rendition.width, rendition.height
    return None


def article_meta(meta: Meta, article, request, trail: list[tuple[str, str]]) -> None:
    rubric = article.rubric
    site_name = outlet_name(request)
    meta.feeds = (
        feed_links(site_name, "rubric", rubric.slug, rubric.title)
        if rubric is not None
        else feed_links(site_name)
    )
    # Marked like <title> when the outlet asks for it (the legal app decides).
    title = legal.page_title(article, article.seo_title or article.title)
    description = Truncator(article.search_description or article.lead or "").chars(200)
    meta.description = description
    published = timezone.localtime(article.shown_published_at)
    # What the page shows readers: the publication, «обновлено», the latest correction.
    modified = timezone.localtime(article.modified_at or published)
    authors = article.author_list
    tags = [tag.name for tag in article.tag_list]
    images = []
    if article.main_image_id:
        try:
            renditions = article.main_image.get_renditions(*STRUCTURED_RENDITIONS)
        except Exception:
            renditions = {}
        images = [(absolute(r.url), r.width, r.height) for r in renditions.values()]
    meta.properties += [
        ("og:type", "article"),
        ("og:title", title),
        ("og:description", description),
    ]
    if images:
        url, width, height = images[0]
        meta.properties += [
            ("og:image", url),
            ("og:image:width", str(width)),
            ("og:image:height", str(height)),
        ]
    meta.properties += [
        ("article:published_time", structured.iso(published)),
        ("article:modified_time", structured.iso(modified)),
    ]
    if rubric is not None:
        meta.properties.append(("article:section", rubric.title))
    meta.properties += [("article:tag", tag) for tag in tags]
    meta.properties += [
        ("article:author", absolute(reverse("news:author", args=[a.slug]))) for a in authors
    ]
    meta.names += [
        ("twitter:card", "summary_large_image" if images else "summary"),
        ("twitter:title", title),
        ("twitter:description", description),
    ]
    if images:
        meta.names.append(("twitter:image", images[0][0]))
    if article.adult:
        # What search engines' safe search reads (Google, Yandex): adults only.
        meta.names.append(("rating", "adult"))
    people = [author_person(author) for author in authors]
    org = publisher(request)
    data = structured.news_article(
        url=meta.canonical,
        headline=article.title,
        description=description,
        images=[url for url, _, _ in images],
        published=published,
        modified=modified,
        authors=people,
        publisher=org,
        section=rubric.title if rubric is not None else "",
        keywords=tags,
        corrections=[
            structured.correction_comment(note.text, timezone.localtime(note.shown_at))
            for note in article.correction_list
        ],
    )
    # A kind of article may say more of itself (a live blog: LiveBlogPosting).
    refine = getattr(article, "structured_data", None)
    meta.json_ld.append(json_ld_script(refine(data) if callable(refine) else data))
    if article.kind == "review" and article.reviewed_title_id:
        found = review_ld(article, meta.canonical, people, org, published)
        if found is not None:
            meta.json_ld.append(json_ld_script(found))
    if rubric is not None:
        trail.append((rubric.title, absolute(page_path(rubric.url_path))))
    trail.append((article.title, meta.canonical))
    meta.json_ld.append(json_ld_script(structured.breadcrumbs(trail)))


def author_person(author) -> dict:
    """An author as a schema.org ``Person``: page, position and photo (its rendition from
    the renditions cache; a missing file leaves the photo out)."""
    image = ""
    if author.photo_id:
        try:
            image = absolute(author.photo.get_rendition(AUTHOR_PHOTO_RENDITION).url)
        except Exception:
            image = ""
    return structured.person(
        author.name,
        absolute(reverse("news:author", args=[author.slug])),
        job_title=author.position,
        image=image,
    )


POSTER_RENDITION = "fill-320x480"  # the title page's poster: usually in the renditions cache


def review_ld(article, url: str, authors: list[dict], org: dict, published) -> dict | None:
    """``Review`` JSON-LD for a review: the film or series it is about (one query, its
    poster joined), the outlet's score as ``reviewRating`` when the title has one, and the
    readers' mean as the item's ``aggregateRating`` once enough readers voted."""
    from polosa.titles import conf as titles_conf
    from polosa.titles import scoring

    title = article.reviewed_title_with_poster
    if title is None:
        return None
    image = ""
    if title.poster_id:
        try:
            image = absolute(title.poster.get_rendition(POSTER_RENDITION).url)
        except Exception:  # a missing poster file must not break the page
            image = ""
    readers = None
    mean = scoring.shown_score(title.votes_count, title.votes_sum, None, titles_conf.min_votes())
    if mean is not None:
        readers = (float(mean), title.votes_count)
    score = None
    if title.editorial_score is not None:
        score = float(title.editorial_score)
    item = structured.reviewed_item(
        name=title.name,
        kind=title.kind,
        url=absolute(title.get_absolute_url()),
        original_name=title.original_name,
        year=title.year,
        season=title.season,
        image=image,
        readers=readers,
    )
    return structured.review(
        url=url,
        headline=article.title,
        item=item,
        authors=authors,
        publisher=org,
        published=published,
        score=score,
    )

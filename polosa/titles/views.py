"""Reader pages of the ratings: the list of titles, a title page and the vote endpoint.

The title page is the same for every reader, so the page cache and Varnish keep it under
its keys like an article: its vote form carries neither a CSRF token (which would set a
cookie, and a response that sets one is never stored) nor the reader's own vote. Both come
from ``/titles/<slug>/vote/``, which is never cached: as JSON for the vote script
(``polosa/static/polosa/vote.js``, when the reader first touches the form), or as a small
page where a reader without JavaScript confirms the vote the form led them to.
"""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from django.views.decorators.http import require_http_methods

from polosa.core import surrogate
from polosa.core.http import client_ip
from polosa.news import listing
from polosa.titles import conf, scoring
from polosa.titles.block import by_score
from polosa.titles.models import Title, Vote
from polosa.titles.scoring import InvalidVote, parse_vote
from polosa.titles.votes import new_reader_limited, rate_limited, record_vote

TITLES_PER_PAGE = 24
POSTER_RENDITION = "fill-320x480"
SORTS = ("score", "date")
REVIEWS_ON_TITLE_PAGE = 20
CHOICES = range(scoring.MIN_VOTE, scoring.MAX_VOTE + 1)


def _with_posters(titles):
    from polosa.media import pictures
    from polosa.media.models import CreditedRendition

    specs = [POSTER_RENDITION, *pictures.filter_specs("poster", "poster-small")]
    renditions = CreditedRendition.objects.filter(filter_spec__in=specs)
    return titles.select_related("poster").prefetch_related(
        Prefetch("poster__renditions", queryset=renditions)
    )


def ratings_page(request: HttpRequest) -> HttpResponse:
    """``/ratings/``: every title, by score (default) or newest first, paginated."""
    sort = request.GET.get("sort", "score")
    if sort not in SORTS:
        sort = "score"
    page_number = listing.page_number_or_404(request)
    titles = Title.objects.all()
    by_date = titles.order_by(F("year").desc(nulls_last=True), "-created_at", "-pk")
    titles = by_date if sort == "date" else by_score(titles)
    paginator = Paginator(_with_posters(titles), TITLES_PER_PAGE, allow_empty_first_page=True)
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        raise Http404(_("Нет такой страницы")) from None
    surrogate.declare(surrogate.RATINGS)
    surrogate.declare_all(surrogate.title(title.pk) for title in page.object_list)
    return render(
        request,
        "titles/ratings_page.html",
        {"titles": page, "sort": sort, "min_votes": conf.min_votes()},
    )


def ratings_fragment(request: HttpRequest) -> HttpResponse:
    """``/_fragments/ratings/``: the ratings block, cached and purged on its own."""
    from polosa.core.pagecache import shared_cache_policy
    from polosa.titles.templatetags.titles_tags import render_ratings_block

    response = HttpResponse(render_ratings_block(request))
    return shared_cache_policy(response, shared=3600)


def reader_id(request: HttpRequest) -> str | None:
    """The reader's anonymous identity from the signed cookie, if it is intact."""
    return request.get_signed_cookie(conf.READER_COOKIE, default=None, salt=conf.READER_COOKIE_SALT)


def title_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A title with its score, the vote form and its newest published reviews.

    The same for every reader (cached under the title's key and the reviews'): the form
    holds no token and no reader's vote (see the module docstring). ``?voted=7``, where a
    vote without JavaScript lands, thanks the reader for the 7 it names. Reviews are not
    paginated (a title has a handful), which keeps the page at a fixed number of queries.
    """
    voted = request.GET.get("voted")
    if voted is not None:
        try:
            voted = parse_vote(voted)
        except InvalidVote:
            # Not a link the site makes: the page itself, not one more cache entry.
            return redirect(reverse("titles:title", args=[slug]))
    try:
        title = _with_posters(Title.objects.all()).get(slug=slug)
    except Title.DoesNotExist:
        raise Http404(_("Такого фильма или сериала нет")) from None
    surrogate.declare(surrogate.title(title.pk))
    reviews = listing.published_articles().filter(reviewed_title=title)
    reviews = listing.attach_rubrics(listing.with_cards(reviews)[:REVIEWS_ON_TITLE_PAGE])
    return render(
        request,
        "titles/title_page.html",
        {
            "title": title,
            "articles": reviews,
            "my_vote": voted,
            "voted": voted,
            "choices": CHOICES,
            "min_votes": conf.min_votes(),
        },
    )


@never_cache
@ensure_csrf_cookie
def vote_form(request: HttpRequest, slug: str) -> HttpResponse:
    """``GET /titles/<slug>/vote/``: one reader's vote form, with its CSRF token and the
    reader's own vote; never cached (it sets the CSRF cookie and reads the reader's).

    As JSON (``Accept: application/json``) for the vote script: ``{"ok": true, "token":
    "…", "your_vote": 7}``. As a page for a reader without JavaScript, whom the title
    page's form brings here with ``?value=7``: the value is chosen, one click confirms.
    One query: the title with the reader's vote as a subquery.
    """
    reader = reader_id(request) or ""
    mine = Vote.objects.filter(title=OuterRef("pk"), reader=reader).values("value")[:1]
    title = Title.objects.annotate(my_vote=Subquery(mine)).filter(slug=slug).first()
    if title is None:
        return vote_error(request, _("Такого фильма или сериала нет."), 404)
    my_vote = title.my_vote if reader else None
    if wants_json(request):
        return JsonResponse({"ok": True, "token": get_token(request), "your_vote": my_vote})
    try:
        chosen = parse_vote(request.GET.get("value"))
    except InvalidVote:
        chosen = my_vote
    return render(
        request,
        "titles/vote_page.html",
        {"title": title, "my_vote": my_vote, "chosen": chosen, "choices": CHOICES},
    )


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        "application/json" in accept
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or request.content_type == "application/json"
    )


def vote_error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """A clear error in the form the client asked for: JSON or a small page."""
    if wants_json(request):
        return JsonResponse({"ok": False, "error": message}, status=status)
    return render(request, "titles/vote_error.html", {"message": message}, status=status)


def _raw_value(request: HttpRequest) -> object:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        # Nesting deeper than the interpreter's stack raises RecursionError, integers past
        # Python's 4 300 digits ValueError: both are a body we cannot read, not a 500.
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise InvalidVote(_("Не удалось прочитать запрос.")) from None
        return data.get("value") if isinstance(data, dict) else None
    return request.POST.get("value")


@require_http_methods(["GET", "HEAD", "POST"])
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    """``/titles/<slug>/vote/``: the reader's form (GET, :func:`vote_form`) and the vote
    itself (POST, :func:`record`)."""
    if request.method == "POST":
        return record(request, slug)
    return vote_form(request, slug)


@never_cache
@csrf_protect
def record(request: HttpRequest, slug: str) -> HttpResponse:
    """``POST /titles/<slug>/vote/`` with ``value`` 1–10: record or replace the reader's vote.

    As JSON the answer holds the new score and its line as the title page shows it, so the
    script puts it in place at once whatever the caches in front still hold.
    """
    title = Title.objects.filter(slug=slug).first()
    if title is None:
        return vote_error(request, _("Такого фильма или сериала нет."), 404)
    try:
        value = parse_vote(_raw_value(request))
    except InvalidVote as error:
        return vote_error(request, _(str(error)), 400)
    ip = client_ip(request)
    if rate_limited(ip):
        return vote_error(request, _("Слишком много голосов подряд. Попробуйте чуть позже."), 429)
    reader = reader_id(request)
    if reader is None:
        if new_reader_limited(ip, title.pk):
            message = _(
                "С вашего адреса за этот фильм или сериал уже проголосовало несколько новых "
                "читателей. Если вы уже голосовали, включите cookies; иначе попробуйте позже."
            )
            return vote_error(request, message, 429)
        reader = uuid.uuid4().hex
    result = record_vote(title, reader, value)
    if wants_json(request):
        score = result.title.score
        response: HttpResponse = JsonResponse(
            {
                "ok": True,
                "title": title.display_name,
                "your_vote": value,
                "replaced": result.replaced,
                "votes": result.title.votes_count,
                "score": str(score) if score is not None else None,
                "score_line": render_to_string(
                    "titles/_score_line.html",
                    {"title": result.title, "min_votes": conf.min_votes()},
                    request=request,
                ),
            }
        )
    else:
        response = redirect(f"{title.get_absolute_url()}?voted={value}", permanent=False)
        response.status_code = 303
    response.set_signed_cookie(
        conf.READER_COOKIE,
        reader,
        salt=conf.READER_COOKIE_SALT,
        max_age=conf.READER_COOKIE_AGE,
        secure=settings.POLOSA_HTTPS or request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response

"""The view beacon's endpoint and the «Самое читаемое» fragment."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from polosa.core.http import client_ip
from polosa.core.pagecache import shared_cache_policy
from polosa.readership import conf
from polosa.readership.agents import is_bot
from polosa.readership.counters import counter
from polosa.readership.templatetags.readership_tags import render_most_read, signed

logger = logging.getLogger(__name__)


def is_reader(request: HttpRequest) -> bool:
    """A person reading the page on this site: not a robot, not an editor signed in, not
    a page fetched ahead of time, not a post from another site."""
    meta = request.META
    if is_bot(meta.get("HTTP_USER_AGENT", "")):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if "prefetch" in meta.get("HTTP_SEC_PURPOSE", "") + meta.get("HTTP_PURPOSE", ""):
        return False
    return meta.get("HTTP_SEC_FETCH_SITE", "same-origin") in ("same-origin", "none")


@csrf_exempt  # a counter, not a form: a forged view is ignored by the limits, not feared
@require_POST
def read(request: HttpRequest, article_id: int, signature: str) -> HttpResponse:
    """``POST /_read/<id>/<signature>/``: count a view. Always 204 (405 for other
    methods): what is not counted (a robot, a repeat, a made-up id) is not told apart, and
    no failure reaches the reader. No database query."""
    try:
        if signed(article_id, signature) and is_reader(request):
            counter().count(
                article_id,
                address=client_ip(request),
                agent=request.META.get("HTTP_USER_AGENT", ""),
                now=time.time(),
            )
    except Exception:
        logger.exception("view of article %s not counted", article_id)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def most_read_fragment(request: HttpRequest) -> HttpResponse:
    """``/_fragments/most-read/``: «Самое читаемое», purged when the worker's ranking
    changes; caches in front that cannot be purged keep it a few minutes only."""
    response = HttpResponse(render_most_read(request))
    return shared_cache_policy(response, shared=conf.most_read_seconds())

"""The poll endpoint: a live blog's entries newer than the reader has, as JSON.

``/_fragments/live/<blog>/after/<entry>/`` is cached like any fragment, under the blog's
keys (purged by every entry write), with a short life at the edge and an ETag: all readers
of a blog ask for the same few URLs, and one that has everything gets a 304.
"""

from __future__ import annotations

import hashlib
import json

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified

from polosa.core.pagecache import shared_cache_policy
from polosa.live import selectors
from polosa.live.models import LiveBlogPage

#: Seconds a cache in front may keep an answer it is not told to purge (readers poll
#: every 15 s, so a new entry reaches them within about one poll either way).
POLL_SHARED_SECONDS = 10


def entries_after(request: HttpRequest, blog_id: int, after: int = 0) -> HttpResponse:
    blog = LiveBlogPage.objects.live().public().filter(pk=blog_id).only("pk", "status").first()
    if blog is None:
        raise Http404
    entries = selectors.visible_entries(blog_id, after=after, limit=selectors.POLL_LIMIT)
    payload = {
        "status": blog.status,
        "latest": max([after, *(entry.pk for entry in entries)]),
        "entries": [
            {
                "id": entry.pk,
                "anchor": entry.anchor,
                "key_event": entry.key_event,
                "title_html": entry.title_html,
                "time": entry.time_label,
                "html": entry.render(),
            }
            for entry in entries
        ],
    }
    body = json.dumps(payload, ensure_ascii=False)
    etag = f'"{hashlib.sha256(body.encode()).hexdigest()[:32]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return shared_cache_policy(response, shared=POLL_SHARED_SECONDS, stale=5)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    return shared_cache_policy(response, shared=POLL_SHARED_SECONDS, stale=5)

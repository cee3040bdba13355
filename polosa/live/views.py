"""The poll endpoint: what changed in a live blog after the version a reader shows, as JSON.

``/_fragments/live/<blog>/since/<version>/`` is cached like any fragment, under the blog's
keys (purged by every entry write), with a short life at the edge and an ETag. Every reader
of a blog that is up to date asks for the same URL (the blog's current version), so a poll
is one cached request whoever makes it, and one that has everything gets a 304.

The answer: ``version`` (what to ask after next), ``entries`` (added or changed since, each
with its HTML, its line in the key events' summary if it is one, and its time and id to
place it: newest first), ``removed`` (ids to take away: deleted, or waiting for the legal
reviewer again), ``people`` (named in the changed entries, for the block under the blog:
name and URL), ``status`` (``live``/``finished``) and ``complete`` (false when more changed
than one answer holds: the script reloads the page).
"""

from __future__ import annotations

import hashlib
import json

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified

from polosa.core.pagecache import shared_cache_policy
from polosa.live import selectors
from polosa.live.models import LiveBlogPage
from polosa.news import listing

#: Seconds a cache in front may keep an answer it is not told to purge (readers poll
#: every 15 s, so a change reaches them within about one poll either way).
POLL_SHARED_SECONDS = 10


def entries_since(request: HttpRequest, blog_id: int, version: int = 0) -> HttpResponse:
    # Live and public as every list has it (the view restrictions are remembered).
    blogs = listing.exclude_restricted(LiveBlogPage.objects.live())
    blog = blogs.filter(pk=blog_id).only("pk", "status").first()
    if blog is None:
        raise Http404
    changes = selectors.changes_since(blog_id, version)
    payload = {
        "status": blog.status,
        "version": changes.version,
        "complete": changes.complete,
        "entries": [
            {
                "id": entry.pk,
                "at": int(entry.shown_at.timestamp()),
                "anchor": entry.anchor,
                "key_event": entry.key_event,
                "html": entry.render(),
                "summary_html": entry.render_summary_item() if entry.key_event else "",
            }
            for entry in changes.entries
        ],
        "removed": changes.removed,
        "people": [
            {"name": person.name, "url": person.get_absolute_url()} for person in changes.people
        ],
    }
    body = json.dumps(payload, ensure_ascii=False)
    etag = f'"{hashlib.sha256(body.encode()).hexdigest()[:32]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    return shared_cache_policy(response, shared=POLL_SHARED_SECONDS, stale=5)

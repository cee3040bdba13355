"""Page-cache helpers for tests."""

from __future__ import annotations

import time
from urllib.parse import unquote


def forget_page(url: str, host: str = "testserver") -> None:
    """Drop one stored page, as when its entry expires: every other stored value (site,
    rubrics, settings, fragments, article texts) stays warm, so the next request of ``url``
    is the miss a test wants to measure. (Junk query parameters no longer make one: they
    are left out of the page cache's key.)"""
    from polosa.core import taggedcache
    from polosa.core.pagecache import entry_name

    path, _, query = url.partition("?")
    # As Django's request has them: the path decoded, the query its bytes as Latin-1.
    name = entry_name(host, unquote(path), query.encode().decode("latin-1"))
    taggedcache.store().set(name, None, keys=(), timeout=1, started_at=time.time())

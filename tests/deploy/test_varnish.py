"""deploy/varnish.vcl on a real varnishd, in front of a loopback origin these tests script.

One Varnish per module (``origin_varnish``); each test uses its own paths and keys.
"""

from __future__ import annotations

import gzip
import time

import pytest

from .conftest import VCL_PATH, render_vcl

KEYED = "public, max-age=0, s-maxage=60"


@pytest.fixture
def v(origin_varnish):
    return origin_varnish


def wait_for(predicate, timeout: float = 2.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


# ------------------------------------------------------------------------------ the file


def test_rendering_changes_only_the_backend_address():
    shipped = VCL_PATH.read_text().splitlines()
    rendered = render_vcl("192.0.2.7", 8123).splitlines()
    changed = [(a, b) for a, b in zip(shipped, rendered, strict=True) if a != b]
    assert changed == [
        ('    .host = "127.0.0.1";', '    .host = "192.0.2.7";'),
        ('    .port = "8000";', '    .port = "8123";'),
    ]


# ------------------------------------------------------------------------ caching basics


def test_second_get_is_a_hit_and_head_too(v, origin, unique):
    path = origin.route(f"/{unique('page')}")
    first = v.get(path)
    assert (first.status, first.cache, first.text) == (200, "MISS", f"{path} v1")
    second = v.get(path)
    assert (second.cache, second.text) == ("HIT", f"{path} v1")
    assert "Age" in second.headers
    assert v.request("HEAD", path).cache == "HIT"
    assert origin.fetches[path] == 1


@pytest.mark.parametrize(
    ("sent", "asked"),
    [
        ("?utm_source=tg&utm_medium=social", ""),
        ("?x=1", ""),
        ("?x=2&page=2", "?page=2"),
        ("?page=2&x=3", "?page=2"),
        ("?sort=date&page=2&fbclid=abc", "?page=2&sort=date"),
        ("?q=%D0%BC%D0%BE%D1%81%D1%82&utm_campaign=a", "?q=%D0%BC%D0%BE%D1%81%D1%82"),
    ],
    ids=["utm", "junk", "junk-then-page", "page-then-junk", "two-known-sorted", "search"],
)
def test_the_query_is_keyed_as_the_app_keys_it(v, origin, unique, sent, asked):
    path = origin.route(f"/{unique('query')}", cache_control=KEYED)
    assert v.get(path + sent).status == 200
    assert origin.requests_for(path + asked), "the app is asked the normalised URL"
    again = v.get(path + sent.replace("abc", "zzz").replace("tg", "vk"))
    assert again.cache == "HIT"
    assert sum(origin.fetches[seen] for seen in list(origin.fetches) if seen.startswith(path)) == 1


def test_surrogate_headers_never_reach_the_reader(v, origin, unique):
    path = origin.route(
        f"/{unique('hidden')}",
        headers=[
            ("Surrogate-Key", f"{unique('k')} listing-site"),
            ("Surrogate-Control", "max-age=60"),
            ("xkey", "from-origin"),
        ],
    )
    for response in (v.get(path), v.get(path)):
        for name in ("Surrogate-Key", "Surrogate-Control", "xkey"):
            assert name not in response.headers, name
        assert response.headers["Cache-Control"] == KEYED  # the app's, for browsers and CDNs


def test_the_app_is_told_esi_is_processed(v, origin, unique):
    path = origin.route(f"/{unique('capability')}")
    v.get(path, {"Surrogate-Capability": "abc=ESI/0.9"})  # a client cannot set its own
    (seen,) = origin.requests_for(path)
    assert seen.headers["Surrogate-Capability"] == "varnish=ESI/1.0"


def test_s_maxage_wins_over_max_age_and_private_is_not_stored(v, origin, unique):
    shared = origin.route(f"/{unique('shared')}", cache_control="public, max-age=0, s-maxage=60")
    private = origin.route(f"/{unique('private')}", cache_control="private, max-age=600")
    nostore = origin.route(f"/{unique('nostore')}", cache_control="no-store")
    # With a Surrogate-Control header the builtin VCL would ignore Cache-Control: private.
    private_esi = origin.route(
        f"/{unique('private-esi')}",
        cache_control="private",
        headers=[("Surrogate-Control", 'content="ESI/1.0"')],
    )
    for path in (shared, private, nostore, private_esi):
        v.get(path)
        v.get(path)
    assert [origin.fetches[p] for p in (shared, private, nostore, private_esi)] == [1, 2, 2, 2]


def test_only_what_the_app_marks_shareable_is_stored(v, origin, unique):
    # Without Cache-Control Varnish would keep a page default_ttl (2 min) where no key
    # purge reaches it: a 404 asked for just before the article was published, say.
    silent = origin.route(f"/{unique('silent')}", cache_control=None)
    missing = origin.route(f"/{unique('missing')}", status=404, cache_control=None)
    gone = origin.route(f"/{unique('gone')}", status=404, cache_control="public, s-maxage=60")
    for path in (silent, missing, gone):
        assert [v.get(path).cache for _ in range(2)] == ["MISS", "MISS" if path != gone else "HIT"]
    assert [origin.fetches[p] for p in (silent, missing, gone)] == [2, 2, 1]


def test_expiry_and_stale_while_revalidate(v, origin, unique):
    # s-maxage=1 and no grace: refetched, synchronously, once it expires.
    strict = origin.route(
        f"/{unique('strict')}", cache_control="public, s-maxage=1, stale-while-revalidate=0"
    )
    # stale-while-revalidate=30 becomes the object's grace: after expiry the stale copy is
    # served at once while Varnish refetches in the background.
    graceful = origin.route(
        f"/{unique('graceful')}", cache_control="public, s-maxage=1, stale-while-revalidate=30"
    )
    for path in (strict, graceful):
        assert v.get(path).text.endswith("v1")
        assert v.get(path).cache == "HIT"
    time.sleep(1.2)

    refetched = v.get(strict)
    assert (refetched.cache, refetched.text) == ("MISS", f"{strict} v2")

    stale = v.get(graceful)
    assert (stale.cache, stale.text) == ("HIT", f"{graceful} v1")
    assert wait_for(lambda: origin.fetches[graceful] == 2)
    assert wait_for(lambda: v.get(graceful).text == f"{graceful} v2")


# ----------------------------------------------------------------------------- purging


def test_purge_by_key_drops_exactly_the_tagged_objects(v, origin, unique):
    ka, kb, kc, shared = (unique(k) for k in ("ka", "kb", "kc", "shared"))
    a = origin.route(f"/{unique('a')}", headers=[("Surrogate-Key", f"{ka} {shared}")])
    b = origin.route(f"/{unique('b')}", headers=[("Surrogate-Key", f"{kb} {shared}")])
    c = origin.route(f"/{unique('c')}", headers=[("Surrogate-Key", kc)])
    for path in (a, b, c):
        v.get(path)

    purged = v.purge_keys(ka)
    assert (purged.status, purged.headers["xkey-purged"]) == (200, "1")
    assert [v.get(p).cache for p in (a, b, c)] == ["MISS", "HIT", "HIT"]
    assert v.get(a).text == f"{a} v2"

    purged = v.purge_keys(shared, unique("nothing-has-this"))
    assert purged.headers["xkey-purged"] == "2"
    assert [v.get(p).cache for p in (a, b, c)] == ["MISS", "MISS", "HIT"]
    assert [origin.fetches[p] for p in (a, b, c)] == [3, 2, 1]


def test_several_surrogate_key_headers_are_all_indexed(v, origin, unique):
    k1, k2 = unique("k1"), unique("k2")
    path = origin.route(
        f"/{unique('multi')}", headers=[("Surrogate-Key", k1), ("Surrogate-Key", k2)]
    )
    v.get(path)
    assert v.purge_keys(k2).headers["xkey-purged"] == "1"
    assert v.get(path).cache == "MISS"


def test_purge_by_url(v, origin, unique):
    path = origin.route(f"/{unique('by-url')}")
    other = origin.route(f"/{unique('other')}")
    v.get(path)
    v.get(other)
    assert v.request("PURGE", path).status == 200
    assert v.get(path).cache == "MISS"
    assert v.get(other).cache == "HIT"


def test_purge_from_outside_the_shipped_acl_is_refused(v, origin, unique):
    # The shipped ACL lists 127.0.0.1 and ::1 only; 127.0.0.2 is loopback but not listed.
    key = unique("k")
    path = origin.route(f"/{unique('guarded')}", headers=[("Surrogate-Key", key)])
    v.get(path)
    assert v.purge_keys(key, source="127.0.0.2").status == 405
    assert v.request("PURGE", path, source="127.0.0.2").status == 405
    refused = v.request("PURGE", "/", {"xkey-purge": key, "xkey-purged": "99"}, source="127.0.0.2")
    assert refused.status == 405
    assert "xkey-purged" not in refused.headers
    assert v.get(path, source="127.0.0.2").cache == "HIT"  # reading is fine from anywhere
    assert origin.fetches[path] == 1


# ------------------------------------------------------------------------------- passes


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/pages/7/edit/preview/?mode=",
        "/admin?next=/",
        "/documents/3/contract.pdf",
    ],
)
def test_admin_previews_and_documents_are_never_cached(v, origin, path):
    origin.route(path, cache_control="public, s-maxage=60")
    before = origin.fetches[path]
    assert [v.get(path).cache for _ in range(2)] == ["MISS", "MISS"]
    assert origin.fetches[path] == before + 2


def test_editors_with_a_session_are_passed_with_their_cookie(v, origin, unique):
    path = origin.route(f"/{unique('editor')}")
    v.get(path)  # an anonymous copy is in the cache
    cookie = "csrftoken=abc; sessionid=s3cr3t"
    for _ in range(2):
        response = v.get(path, {"Cookie": cookie})
        assert (response.cache, response.text) == ("MISS", f"{path} v{origin.fetches[path]}")
    assert origin.fetches[path] == 3
    assert [s.headers.get("Cookie") for s in origin.requests_for(path)] == [None, cookie, cookie]
    assert v.get(path).cache == "HIT"  # and readers still get the cached page


def test_other_cookies_are_stripped_so_readers_hit(v, origin, unique):
    path = origin.route(f"/{unique('reader')}")
    assert v.get(path, {"Cookie": "_ga=GA1.2.3; csrftoken=abc"}).cache == "MISS"
    assert v.get(path, {"Cookie": "_ym_uid=42"}).cache == "HIT"
    assert v.get(path, {"Cookie": "notsessionid=1; mysessionid=2"}).cache == "HIT"
    assert v.get(path).cache == "HIT"
    (seen,) = origin.requests_for(path)
    assert "Cookie" not in seen.headers


def test_posts_pass_with_cookies(v, origin, unique):
    path = origin.route(f"/{unique('vote')}")
    for _ in range(2):
        response = v.request(
            "POST", path, {"Cookie": "csrftoken=abc", "Content-Type": "text/plain"}, body=b"5"
        )
        assert response.cache == "MISS"
    assert [(s.method, s.headers["Cookie"]) for s in origin.requests_for(path)] == [
        ("POST", "csrftoken=abc"),
        ("POST", "csrftoken=abc"),
    ]


def test_responses_setting_cookies_are_not_cached(v, origin, unique):
    path = origin.route(
        f"/{unique('sets-cookie')}", headers=[("Set-Cookie", "csrftoken=xyz; Path=/")]
    )
    first, second = v.get(path), v.get(path)
    assert (first.cache, second.cache) == ("MISS", "MISS")
    assert second.headers["Set-Cookie"] == "csrftoken=xyz; Path=/"
    assert second.text == f"{path} v2"


# -------------------------------------------------------------------------------- ESI


def test_esi_fragment_is_cached_and_purged_on_its_own(v, origin, unique):
    page_key, fragment_key = unique("article"), unique("read-also")
    fragment = origin.route(
        f"/_fragments/{unique('read-also')}/",
        body="<aside>read also v{n}</aside>",
        headers=[("Surrogate-Key", fragment_key)],
    )
    page = origin.route(
        f"/{unique('article')}/",
        body=f'<!DOCTYPE html><main>article v{{n}}</main><esi:include src="{fragment}"/>',
        headers=[("Surrogate-Key", page_key), ("Surrogate-Control", 'content="ESI/1.0"')],
    )
    first = v.get(page)
    assert first.text == "<!DOCTYPE html><main>article v1</main><aside>read also v1</aside>"
    assert "Surrogate-Control" not in first.headers
    assert v.get(page).cache == "HIT"
    for path in (page, fragment):
        assert origin.requests_for(path)[0].headers["Surrogate-Capability"] == "varnish=ESI/1.0"

    assert v.purge_keys(fragment_key).headers["xkey-purged"] == "1"
    refreshed = v.get(page)
    assert refreshed.cache == "HIT"  # the page object itself was kept
    assert refreshed.text == "<!DOCTYPE html><main>article v1</main><aside>read also v2</aside>"
    assert (origin.fetches[page], origin.fetches[fragment]) == (1, 2)

    assert v.purge_keys(page_key).headers["xkey-purged"] == "1"
    assert v.get(page).text == "<!DOCTYPE html><main>article v2</main><aside>read also v2</aside>"
    assert origin.fetches[fragment] == 2


def test_without_surrogate_control_esi_tags_are_left_alone(v, origin, unique):
    page = origin.route(f"/{unique('plain')}", body='<p>x</p><esi:include src="/nope"/>')
    assert v.get(page).text == '<p>x</p><esi:include src="/nope"/>'


# ------------------------------------------------------------------------- compression


def gzip_get(v, path, **headers):
    return v.get(path, {"Accept-Encoding": "gzip", **headers})


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html; charset=utf-8",
        "application/rss+xml; charset=utf-8",
        "application/atom+xml; charset=utf-8",
        "application/feed+json; charset=utf-8",
        "application/json",
        "application/xml",
        "text/plain; charset=utf-8",
    ],
)
def test_text_is_compressed_for_readers_that_accept_gzip(v, origin, unique, content_type):
    body = "Новости дня. " * 200
    path = origin.route(f"/{unique('text')}", body=body, content_type=content_type)
    packed = gzip_get(v, path)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.body).decode() == body
    assert len(packed.body) < len(body.encode()) / 10
    plain = v.get(path)  # no Accept-Encoding: the same object, decompressed
    assert "Content-Encoding" not in plain.headers
    assert plain.text == body
    assert gzip_get(v, path).cache == "HIT"
    assert origin.fetches[path] == 1
    (seen,) = origin.requests_for(path)
    assert seen.headers["Accept-Encoding"] == "gzip"


def test_pictures_are_not_compressed_again(v, origin, unique):
    path = origin.route(f"/{unique('picture')}.png", body="\x89PNG", content_type="image/png")
    assert "Content-Encoding" not in gzip_get(v, path).headers


def test_an_esi_page_is_compressed_with_its_fragment(v, origin, unique):
    fragment = origin.route(f"/_fragments/{unique('aside')}/", body="<aside>также v{n}</aside>")
    page = origin.route(
        f"/{unique('esi-gzip')}/",
        body="<main>" + "текст " * 300 + f'</main><esi:include src="{fragment}"/>',
        headers=[("Surrogate-Control", 'content="ESI/1.0"')],
    )
    expected = "<main>" + "текст " * 300 + "</main><aside>также v1</aside>"
    packed = gzip_get(v, page)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.body).decode() == expected
    assert v.get(page).text == expected
    assert gzip.decompress(gzip_get(v, page).body).decode() == expected


def test_a_revalidated_esi_page_keeps_its_fragments_and_compression(v, origin, unique):
    # Past its TTL Varnish asks again with If-None-Match; the app's 304 keeps the stored
    # body, which must still be processed for ESI and still decompress.
    fragment = origin.route(f"/_fragments/{unique('aside')}/", body="<aside>v{n}</aside>")
    page = origin.route(
        f"/{unique('revalidated')}/",
        body=f'<main>page v{{n}}</main><esi:include src="{fragment}"/>',
        cache_control="public, max-age=0, s-maxage=1, stale-while-revalidate=30",
        etag='"page-etag"',
        headers=[("Surrogate-Control", 'content="ESI/1.0"')],
    )
    assert v.get(page).text == "<main>page v1</main><aside>v1</aside>"
    time.sleep(1.2)
    assert v.get(page).cache == "HIT"  # stale, refreshed in the background
    assert wait_for(lambda: origin.fetches[page] == 2)
    (_, second) = origin.requests_for(page)
    assert second.headers["If-None-Match"] in ('"page-etag"', 'W/"page-etag"')
    time.sleep(0.2)
    expected = "<main>page v1</main><aside>v1</aside>"
    assert v.get(page).text == expected
    assert gzip.decompress(gzip_get(v, page).body).decode() == expected


# ------------------------------------------------------------------------ soft purges


def test_a_soft_purge_serves_the_old_copy_once_while_fetching_the_new(v, origin, unique):
    listing = unique("listing")
    path = origin.route(
        f"/{unique('list')}",
        headers=[("Surrogate-Key", listing)],
        cache_control="public, max-age=0, s-maxage=60, stale-while-revalidate=30",
    )
    v.get(path)
    purged = v.request("PURGE", "/", {"xkey-softpurge": listing})
    assert (purged.status, purged.headers["xkey-softpurged"]) == (200, "1")
    assert purged.headers["xkey-purged"] == "0"
    stale = v.get(path)
    assert (stale.cache, stale.text) == ("HIT", f"{path} v1")
    assert wait_for(lambda: v.get(path).text == f"{path} v2")
    assert origin.fetches[path] == 2


def test_an_object_purged_hard_and_soft_at_once_is_gone(v, origin, unique):
    article, listing = unique("article"), unique("listing")
    shows = origin.route(f"/{unique('shows')}", headers=[("Surrogate-Key", f"{article} {listing}")])
    other = origin.route(f"/{unique('other')}", headers=[("Surrogate-Key", listing)])
    for path in (shows, other):
        v.get(path)
    purged = v.request("PURGE", "/", {"xkey-purge": article, "xkey-softpurge": listing})
    assert (purged.headers["xkey-purged"], purged.headers["xkey-softpurged"]) == ("1", "1")
    fresh = v.get(shows)
    assert (fresh.cache, fresh.text) == ("MISS", f"{shows} v2")  # never the old copy
    assert v.get(other).text == f"{other} v1"  # the old copy while the new one comes


def test_soft_purges_from_outside_the_acl_are_refused(v, origin, unique):
    key = unique("k")
    path = origin.route(f"/{unique('guarded-soft')}", headers=[("Surrogate-Key", key)])
    v.get(path)
    assert v.request("PURGE", "/", {"xkey-softpurge": key}, source="127.0.0.2").status == 405
    assert v.get(path).cache == "HIT"
    assert origin.fetches[path] == 1


# ----------------------------------------------------------------- header size limits


def test_a_surrogate_key_header_over_8_kb_is_a_503(v, origin, unique):
    # Varnish's default http_resp_hdr_len: why the app names a kind past 4 000 bytes
    # (polosa.core.surrogate.header_value).
    keys = " ".join(f"article-{n}" for n in range(100000, 101000))  # 15 KB
    path = origin.route(f"/{unique('huge-keys')}", headers=[("Surrogate-Key", keys)])
    assert v.get(path).status == 503
    fits = origin.route(
        f"/{unique('collapsed-keys')}", headers=[("Surrogate-Key", "article-* listing-site")]
    )
    assert v.get(fits).status == 200
    assert v.purge_keys("article-*").headers["xkey-purged"] == "1"

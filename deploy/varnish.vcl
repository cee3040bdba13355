vcl 4.1;
# Polosa behind Varnish 7 with xkey (Debian: apt-get install varnish varnish-modules).
#
# The app names what each response shows in `Surrogate-Key` (article-12 rubric-3 …) and
# purges exactly those keys on publish with `PURGE /` + `xkey-purge: k1 k2 …`
# (polosa.core.frontend_cache.XkeyVarnishBackend). Lifetimes come from the app's
# Cache-Control (s-maxage → TTL, stale-while-revalidate → how long a stale copy is served
# while a new one is fetched, stale-if-error → how long one is served while the app is down);
# nothing here guesses them. Blocks shown on many pages are ESI fragments (/_fragments/…),
# cached with their own keys. Text is compressed here (the app sends it plain).
#
# varnishd parameters: the defaults fit (http_resp_hdr_len 8k: the app keeps Surrogate-Key
# under 4000 bytes, polosa.core.surrogate.HEADER_MAX_BYTES).

import std;
import xkey;

# The application server. Tests rewrite the .host/.port lines below; keep them as they are.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    # Asked every second; sick after 3 of the last 5 failed (about 3 s after the app
    # stops answering), healthy again after 3 good answers. /healthz is liveness only (no
    # database, no cache) and answers whatever the Host. While sick, readers get stale
    # copies within their stale-if-error (vcl_hit) and nothing is fetched.
    .probe = {
        .url = "/healthz";
        .interval = 1s;
        .timeout = 1s;
        .window = 5;
        .threshold = 3;
        # Healthy from the start, as without a probe, until the probes say otherwise.
        .initial = 3;
    }
}

# Who may PURGE. Add the application servers' and workers' addresses (they send the purges).
# Behind a TLS terminator or load balancer client.ip is that proxy: never list it here.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # Only this VCL sets them (the purge counts for vcl_synth; vcl_hit's refetch).
    unset req.http.xkey-purged;
    unset req.http.xkey-softpurged;
    if (req.restarts == 0) {
        unset req.http.X-Polosa-Refetch;
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE not allowed"));
        }
        if (req.http.xkey-purge || req.http.xkey-softpurge) {
            # Hard purge: the next reader gets a fresh render, never the old text (articles,
            # legal marks, anything unpublished). Soft purge, after the hard one: the
            # objects expire now and the next reader within their stale-while-revalidate
            # gets the old copy while a new one is fetched (lists: polosa.core.surrogate
            # SOFT_KEYS). An object tagged with both is gone.
            set req.http.xkey-purged = "0";
            set req.http.xkey-softpurged = "0";
            if (req.http.xkey-purge) {
                set req.http.xkey-purged = xkey.purge(req.http.xkey-purge);
            }
            if (req.http.xkey-softpurge) {
                set req.http.xkey-softpurged = xkey.softpurge(req.http.xkey-softpurge);
            }
            return (synth(200, "Purged"));
        }
        # No keys: purge this URL (Wagtail's HTTPBackend, Host + path as sent).
        return (purge);
    }

    # Tell the app ESI is processed here, so it leaves <esi:include> tags in pages.
    # Always overwritten: a client cannot ask for anything else.
    set req.http.Surrogate-Capability = "varnish=ESI/1.0";

    if (req.method != "GET" && req.method != "HEAD") {
        # POST forms (votes, login) and anything else go to the app untouched, cookies included.
        return (pass);
    }
    if (req.url ~ "^/admin([/?]|$)" || req.url ~ "^/documents/") {
        # The admin and its previews; documents are served by Wagtail after a privacy check.
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;)\s*sessionid=") {
        # A Django session: a logged-in editor sees drafts, the user bar, fresh renders.
        return (pass);
    }
    if (req.url ~ "^/titles/[^/?]+/vote/") {
        # A reader's vote form (its CSRF token, their own vote): never cached, and it needs
        # their cookies. The title page itself is cached like any other.
        return (pass);
    }
    # Anonymous pages do not depend on cookies (analytics, csrftoken): drop them all so the
    # builtin VCL (which passes any request with a Cookie) lets these hit the cache.
    unset req.http.Cookie;
    # The query as Polosa's page cache keys it (polosa.core.pagecache.KEY_PARAMETERS): known
    # parameters only, in one order, so ?utm_source=… or a crawler's ?x=1…N find the same
    # object instead of filling the cache. The app ignores the others anyway.
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url,
            "([?&])(?!(?:page|before|after|q|rubric|kind|period|sort|category|letter|voted|p)=)[^&]*", "\1");
        set req.url = regsuball(req.url, "&&+", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]$", "");
        set req.url = std.querysort(req.url);
    }
    if (req.esi_level > 0) {
        # A fragment of a page (see vcl_backend_error).
        set req.http.X-Polosa-Esi = "1";
    } else {
        unset req.http.X-Polosa-Esi;
    }
    if (req.http.X-Polosa-Refetch) {
        # vcl_hit found a stale copy older than its stale-while-revalidate: fetch anew.
        set req.grace = 0s;
    }
    # Falls through to the builtin vcl_recv: Host check, Authorization → pass, then hash.
}

sub vcl_hit {
    # An expired copy is here because of its grace, which is the app's stale-if-error
    # (vcl_backend_response). While the app is healthy it is served only within the app's
    # stale-while-revalidate (X-Polosa-Swr), Varnish fetching the new copy meanwhile;
    # past that the reader waits for the new copy, as the app asked (a restart that looks
    # the object up again without grace). While the app is sick every copy in grace is
    # served.
    if (obj.ttl <= 0s && std.healthy(req.backend_hint)
            && obj.ttl + std.duration(obj.http.X-Polosa-Swr + "s", 0s) <= 0s
            && !req.http.X-Polosa-Refetch) {
        set req.http.X-Polosa-Refetch = "1";
        return (restart);
    }
}

sub vcl_synth {
    if (req.method == "PURGE" && req.http.xkey-purged) {
        set resp.http.xkey-purged = req.http.xkey-purged;
        set resp.http.xkey-softpurged = req.http.xkey-softpurged;
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = "Purged " + req.http.xkey-purged + " objects, soft-purged "
            + req.http.xkey-softpurged + {"
"};
        return (deliver);
    }
}

sub vcl_backend_response {
    if (bereq.is_bgfetch && beresp.status >= 500) {
        # A refresh of a stale copy failed (the database is down, say): keep serving the
        # stale copy rather than replacing it with the error.
        return (abandon);
    }
    if (bereq.http.X-Polosa-Esi && beresp.status >= 400) {
        # An error page never goes inside another page (vcl_backend_error).
        return (error(beresp.status));
    }
    # The app's keys, space separated; xkey indexes the `xkey` header of stored objects
    # (it splits on spaces and commas, so several Surrogate-Key lines are joined too).
    if (beresp.http.Surrogate-Key) {
        std.collect(beresp.http.Surrogate-Key, " ");
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    if (beresp.http.Surrogate-Control ~ "ESI/1\.0") {
        set beresp.do_esi = true;
    }
    # Unset so the builtin rules below judge by Cache-Control (a Surrogate-Control header
    # would make them ignore Cache-Control: private / no-cache).
    unset beresp.http.Surrogate-Control;
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        # The app did not say this may be shared (an error page, a 404 before a
        # publication, a view without keys): Varnish's default_ttl would keep it 2 minutes
        # where no purge reaches it. Hit-for-miss instead.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Grace: Varnish read the app's stale-while-revalidate into beresp.grace; vcl_hit
    # serves that long while the app is healthy. The copy is kept (and served while the
    # app is sick) for the app's stale-if-error, when longer.
    set beresp.http.X-Polosa-Swr = beresp.grace;
    if (beresp.http.Cache-Control ~ "(^|[ ,])stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "^(.*[ ,])?stale-if-error=([0-9]+).*$", "\2s"),
            beresp.grace);
        if (beresp.grace < std.duration(beresp.http.X-Polosa-Swr + "s", 0s)) {
            set beresp.grace = std.duration(beresp.http.X-Polosa-Swr + "s", 0s);
        }
    }
    if (beresp.http.Content-Type ~ "^(text/|application/([a-z.+-]+\+)?(xml|json)|application/javascript|image/svg\+xml)"
            && !beresp.http.Content-Encoding) {
        # HTML, feeds, sitemaps, JSON, CSS and JS go out compressed to readers that accept
        # gzip (nearly all; the others get it decompressed). With ESI each piece is stored
        # compressed and joined as it is.
        set beresp.do_gzip = true;
    }
    if (beresp.http.Set-Cookie) {
        # A response that sets a cookie (CSRF token, vote) belongs to one reader: never
        # store it. Hit-for-miss keeps later requests for this URL going to the app.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # The builtin VCL follows: TTL <= 0, private/no-cache/no-store, Vary: * → uncacheable.
}

sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        # The refresh of a stale copy could not reach the app: keep the stale copy.
        return (abandon);
    }
    if (bereq.http.X-Polosa-Esi) {
        # A fragment that cannot be had (the app is down and no copy is left) leaves a gap
        # in the page, not Varnish's error page: Varnish 7.1 includes any status's body.
        set beresp.http.Content-Type = "text/html; charset=utf-8";
        set beresp.body = "";
        return (deliver);
    }
}

sub vcl_deliver {
    # Keys and surrogate instructions are for this cache only; Age stays (CDNs and
    # browsers subtract it from max-age).
    unset resp.http.X-Polosa-Swr;
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

vcl 4.1;
# Polosa behind Varnish 7 with xkey (Debian: apt-get install varnish varnish-modules).
#
# The app names what each response shows in `Surrogate-Key` (article-12 rubric-3 …) and
# purges exactly those keys on publish with `PURGE /` + `xkey-purge: k1 k2 …`
# (polosa.core.frontend_cache.XkeyVarnishBackend). Lifetimes come from the app's
# Cache-Control (s-maxage → TTL, stale-while-revalidate → grace); nothing here guesses them.
# Blocks shown on many pages are ESI fragments (/_fragments/…), cached with their own keys.

import std;
import xkey;

# The application server. Tests rewrite the .host/.port lines below; keep them as they are.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

# Who may PURGE. Add the application servers' and workers' addresses (they send the purges).
# Behind a TLS terminator or load balancer client.ip is that proxy: never list it here.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # Only this VCL sets it (the purge count for vcl_synth).
    unset req.http.xkey-purged;
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE not allowed"));
        }
        if (req.http.xkey-purge) {
            # Hard purge: the next reader gets a fresh render, never the old text.
            set req.http.xkey-purged = xkey.purge(req.http.xkey-purge);
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
    # Falls through to the builtin vcl_recv: Host check, Authorization → pass, then hash.
}

sub vcl_synth {
    if (req.method == "PURGE" && req.http.xkey-purged) {
        set resp.http.xkey-purged = req.http.xkey-purged;
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = "Purged " + req.http.xkey-purged + " objects" + {"
"};
        return (deliver);
    }
}

sub vcl_backend_response {
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
    if (beresp.http.Set-Cookie) {
        # A response that sets a cookie (CSRF token, vote) belongs to one reader: never
        # store it. Hit-for-miss keeps later requests for this URL going to the app.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # The builtin VCL follows: TTL <= 0, private/no-cache/no-store, Vary: * → uncacheable.
}

sub vcl_deliver {
    # Keys and surrogate instructions are for this cache only; Age stays (CDNs and
    # browsers subtract it from max-age).
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

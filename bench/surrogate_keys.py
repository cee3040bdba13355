"""The biggest ``Surrogate-Key`` headers the site sends: every public URL, once.

Usage: ``POLOSA_VAR_DIR=… .venv/bin/python bench/surrogate_keys.py [--top 10]`` on a site
made by ``polosa demo --no-serve`` (or any other). Each URL (the sitemaps' and the fixed
list: home, feeds, Dzen, ratings, people, robots.txt) is rendered through the Django test
client as Varnish asks for it (``Surrogate-Capability: ESI/1.0``, so pages keep their
includes and fragments are fetched on their own) and as a CDN without ESI asks for it
(assembled pages carry their fragments' keys too). Prints the largest headers, in bytes
and keys, against Varnish's default ``http_resp_hdr_len`` (8 KB).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polosa.settings")
os.environ.setdefault("POLOSA_SURROGATE_KEY_HEADER", "Surrogate-Key")
os.environ.setdefault("SECRET_KEY", "bench")

FIXED = ("/", "/feeds/rss/", "/feeds/atom/", "/feeds/json/", "/feeds/dzen/", "/ratings/")
FIXED += ("/people/", "/robots.txt", "/sitemap-news.xml")
ESI = re.compile(rb'<esi:include src="([^"]+)"')
VARNISH_HDR_LEN = 8192


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10)
    options = parser.parse_args()
    import django

    django.setup()
    from django.test import Client

    client = Client()
    esi = {"HTTP_SURROGATE_CAPABILITY": "varnish=ESI/1.0"}
    urls = dict.fromkeys(FIXED)
    index = client.get("/sitemap.xml", **esi)
    for section in re.findall(rb"<loc>([^<]+)</loc>", index.content):
        path = urlsplit(section.decode()).path
        urls[path] = None
        response = client.get(path, **esi)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        for loc in re.findall(rb"<loc>([^<]+)</loc>", content):
            parts = urlsplit(loc.decode())
            urls[parts.path + (f"?{parts.query}" if parts.query else "")] = None
    sizes: list[tuple[int, int, str, str]] = []
    for url in list(urls):
        for mode, extra in (("esi", esi), ("assembled", {})):
            response = client.get(url, **extra)
            if mode == "esi" and not response.streaming:
                for src in ESI.findall(response.content):
                    urls.setdefault(src.decode(), None)
            header = response.get("Surrogate-Key", "")
            sizes.append((len(header), len(header.split()), url, mode))
    for url in [u for u in urls if u.startswith("/_fragments/")]:
        header = client.get(url, **esi).get("Surrogate-Key", "")
        sizes.append((len(header), len(header.split()), url, "fragment"))
    sizes.sort(reverse=True)
    print(f"{len(urls)} URLs; the largest Surrogate-Key headers (Varnish's limit 8192 bytes):")
    for size, count, url, mode in sizes[: options.top]:
        flag = "  OVER" if size > VARNISH_HDR_LEN else ""
        print(f"  {size:>7} bytes {count:>5} keys  {url} ({mode}){flag}")


if __name__ == "__main__":
    main()

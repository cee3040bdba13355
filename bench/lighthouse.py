"""Lighthouse scores of the home page and an article, on the demo site, in Debian's chromium.

Usage: ``.venv/bin/python bench/lighthouse.py [--base-url URL] [--runs N]``

Without ``--base-url`` the demo is built once under ``var/bench-lighthouse/``
(``polosa demo --no-serve``, reused afterwards) and served by ``polosa serve`` on a free
port; every address is fetched twice first, so picture renditions exist and the page cache
is warm, as for a reader who is not the first. Lighthouse comes from npm (``make install``:
``node_modules/.bin/lighthouse``) and runs Debian's chromium (``CHROME_PATH``), never a
downloaded one. Prints the four category scores per page (the median of ``--runs``) and
the Core Web Vitals figures behind the performance score; exits non-zero when a score is
below :data:`TARGET`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("POLOSA_CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 95
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def demo_site():
    """The demo under var/bench-lighthouse/, served on a free port for the block."""
    var_dir = ROOT / "var" / "bench-lighthouse"
    port = free_port()
    env = dict(os.environ, POLOSA_VAR_DIR=str(var_dir))
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env["POLOSA_BASE_URL"] = f"http://127.0.0.1:{port}"
    polosa = [sys.executable, "-m", "polosa"]
    subprocess.run([*polosa, "demo", "--no-serve", "--port", str(port)], env=env, check=True)
    env["SECRET_KEY"] = (var_dir / "demo-secret-key").read_text().strip()
    server = subprocess.Popen(
        [*polosa, "serve", "--port", str(port), "--workers", "1"], env=env, cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(30)


def first_article(base: str) -> str:
    """The home page's lead story: the article a reader opens first."""
    html = urllib.request.urlopen(base + "/", timeout=30).read().decode()
    lead = html[html.index('class="lead-story"') :] if 'class="lead-story"' in html else html
    path = re.search(r'<h2 class="card__title"><a href="([^"]+)"', lead).group(1)
    return base + path


def audit(url: str) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            env=dict(os.environ, CHROME_PATH=CHROMIUM),
            check=True,
        )
        data = json.loads(report.read_text())
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    metrics = {name: data["audits"][name]["displayValue"] for name in METRICS}
    failed = [
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    return {"scores": scores, "metrics": metrics, "failed": failed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="audit a site already running there")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print(f"Lighthouse is missing at {LIGHTHOUSE}: run `make install` (npm ci).")
        return 2

    @contextmanager
    def given(base):
        yield base

    below = []
    with given(args.base_url.rstrip("/")) if args.base_url else demo_site() as base:
        pages = {"home": base + "/", "article": first_article(base)}
        for url in pages.values():  # renditions made, page cache warm
            for _ in range(2):
                urllib.request.urlopen(url, timeout=60).read()
        print(f"{'page':<8} " + " ".join(f"{name:>14}" for name in CATEGORIES))
        for name, url in pages.items():
            runs = [audit(url) for _ in range(args.runs)]
            scores = {
                category: statistics.median(run["scores"][category] for run in runs)
                for category in CATEGORIES
            }
            print(f"{name:<8} " + " ".join(f"{scores[c]:>14g}" for c in CATEGORIES))
            print(f"         {runs[-1]['metrics']}  ({url})")
            if runs[-1]["failed"]:
                print(f"         below 0.9: {', '.join(runs[-1]['failed'])}")
            below += [f"{name} {c} {scores[c]:g}" for c in CATEGORIES if scores[c] < TARGET]
    if below:
        print(f"Below {TARGET}: {'; '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

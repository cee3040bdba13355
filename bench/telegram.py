"""Telegram outbox benchmark against the fake Bot API on loopback.

Usage: ``.venv/bin/python bench/telegram.py [--articles N] [--workers N] [--burst-articles N]
[--rate-seconds S] [--database-url URL]``

Starts the fake Bot API server of the tests (``tests/distribution/fake_telegram.py``) on
127.0.0.1, creates N published articles (``polosa generate``'s content: about 85 % with a
main picture, so ``sendPhoto``) in a fresh SQLite database, then:

1. queues their posts the way a publication does (``telegram.article_published``, run on
   commit of every publish: the outbox row plus a delivery task) and times each;
2. runs the worker with the rate limit set out of the way (``polosa worker --burst``, or
   with ``--workers N > 1`` N threads running the delivery task's body until nothing is
   due) and reports the send throughput, the time per post (claim, compose, the Bot API
   call, recording the result: median and p95), and duplicate sends (must be 0);
3. with the default rate limit (about 20 a minute, a burst of 3) queues a burst of
   ``--burst-articles`` posts and drives the delivery for ``--rate-seconds`` in real time,
   then reports the rate the channel actually got.

It exits with status 1 when any post was sent twice or an article was left unposted.

The database is an SQLite file in a temporary directory (removed afterwards) unless
``--database-url`` names another one; a PostgreSQL URL there is used as given, so point it
at a database you can spare (``postgres://postgres@127.0.0.1:5432/polosa_bench_telegram``;
it is created if missing, and its outbox emptied first). Picture renditions for the posts
are made before the measurement, as the article page would have made them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHANNEL = "@polosa_bench"
RATE_CHANNEL = "@polosa_bench_rate"
_HREF = re.compile(r'href="([^"]+)"')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` when it does not exist yet."""
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    name = name.split("?", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run_in_child(database_url: str, var_dir: Path, options: argparse.Namespace) -> None:
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        POLOSA_VAR_DIR=str(var_dir),
        POLOSA_BENCH_CHILD="1",
    )
    env.setdefault("DEBUG", "0")
    env.setdefault("SECRET_KEY", "bench-only")
    env.pop("REDIS_URL", None)  # one process: the local-memory cache is what it would use
    for name in list(env):
        if name.startswith("POLOSA_TELEGRAM_"):
            env.pop(name)  # the defaults are what the rate part measures
    arguments = [
        "--articles",
        str(options.articles),
        "--workers",
        str(options.workers),
        "--burst-articles",
        str(options.burst_articles),
        "--rate-seconds",
        str(options.rate_seconds),
    ]
    subprocess.run([sys.executable, __file__, *arguments], env=env, check=True)


class Timer:
    """Per-post time: from the claim that returned the post to the end of its processing."""

    def __init__(self, telegram) -> None:
        self.telegram = telegram
        self.claim, self.process = telegram.claim, telegram.process
        self.local = threading.local()
        self.lock = threading.Lock()
        self.per_post: list[float] = []

    def __enter__(self) -> Timer:
        def claim(now):
            started = time.perf_counter()
            post = self.claim(now)
            self.local.started = started
            return post

        def process(post, now):
            try:
                return self.process(post, now)
            finally:
                elapsed = (time.perf_counter() - self.local.started) * 1000
                with self.lock:
                    self.per_post.append(elapsed)

        self.telegram.claim, self.telegram.process = claim, process
        return self

    def __exit__(self, *exc) -> None:
        self.telegram.claim, self.telegram.process = self.claim, self.process


def threaded_delivery(workers: int) -> None:
    """``workers`` threads, each running the delivery task's body until nothing is due."""
    from django.db import OperationalError, connection

    from polosa.distribution import telegram
    from polosa.distribution.models import TelegramPost

    errors: list[BaseException] = []

    def work() -> None:
        try:
            idle = 0
            while idle < 3:
                try:
                    processed = telegram.deliver()["processed"]
                except OperationalError:  # SQLite: another writer held the lock too long
                    processed = 0
                if processed:
                    idle = 0
                    continue
                due = TelegramPost.objects.filter(state=TelegramPost.State.PENDING).exists()
                idle = 0 if due else idle + 1
                time.sleep(0.01)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def delivery_tasks() -> int | None:
    """Delivery tasks the database task backend has run or holds (``None``: another backend)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return None
    return DBTaskResult.objects.filter(task_path__endswith="deliver_telegram").count()


def duplicates(posts) -> tuple[int, int]:
    """``(posts beyond one per article, articles posted)``, articles told apart by their link."""
    links = []
    for call in posts:
        text = call.params.get("caption") or call.params.get("text") or ""
        found = _HREF.findall(text)
        links.append(found[-1] if found else text)
    return len(links) - len(set(links)), len(set(links))


def measure(options: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polosa.settings")
    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from polosa.distribution import articles as feed_articles
    from polosa.distribution import telegram
    from polosa.distribution.models import TelegramBucket, TelegramPost
    from polosa.media.models import CreditedImage
    from polosa.news.generation import generate_articles
    from polosa.news.models import ArticlePage
    from tests.distribution.fake_telegram import FakeTelegram

    call_command("migrate", verbosity=0)
    engine = connection.vendor
    TelegramPost.objects.all().delete()
    TelegramBucket.objects.all().delete()
    bot = FakeTelegram()
    settings.POLOSA_TELEGRAM_TOKEN = "123:bench"
    settings.POLOSA_TELEGRAM_API = bot.url
    settings.POLOSA_TELEGRAM_CHANNEL = CHANNEL
    settings.POLOSA_TELEGRAM_RATE = 1e9  # the limiter still runs, it just never says wait
    settings.POLOSA_TELEGRAM_BURST = 1e9
    try:
        # --- content --------------------------------------------------------------------
        started = time.perf_counter()
        before = set(ArticlePage.objects.values_list("pk", flat=True))
        generate_articles(options.articles, span=timedelta(hours=12), image_count=6)
        ids = list(
            ArticlePage.objects.exclude(pk__in=before)
            .order_by("-published_at")
            .values_list("pk", flat=True)
        )
        for image in CreditedImage.objects.all():  # as the article pages would have done
            image.get_rendition(feed_articles.FEED_RENDITION)
        made = time.perf_counter() - started
        call_command("worker", "--burst")  # the content's own tasks (search index…) first
        indexed = time.perf_counter() - started - made
        with_picture = ArticlePage.objects.filter(pk__in=ids, main_image__isnull=False).count()
        print(
            f"\n{engine}: {len(ids)} articles ({with_picture} with a picture) made in "
            f"{made:.1f} s, their indexing tasks run in {indexed:.1f} s"
        )

        # --- enqueue --------------------------------------------------------------------
        tasks_before = delivery_tasks()
        enqueue = []
        for pk in ids:
            started = time.perf_counter()
            telegram.article_published(pk)
            enqueue.append((time.perf_counter() - started) * 1000)
        print(
            f"  enqueue     per article median {statistics.median(enqueue):.2f} ms, "
            f"p95 {percentile(enqueue, 0.95):.2f} ms (outbox row + delivery task)"
        )

        # --- send -----------------------------------------------------------------------
        workers = max(1, options.workers)
        how = "polosa worker --burst" if workers == 1 else f"{workers} delivery threads"
        with Timer(telegram) as timer:
            started = time.perf_counter()
            if workers == 1:
                call_command("worker", "--burst")
            else:
                threaded_delivery(workers)
            elapsed = time.perf_counter() - started
        posts = bot.posts()
        extra, posted = duplicates(posts)
        sent = TelegramPost.objects.filter(state=TelegramPost.State.SENT).count()
        print(
            f"  send        {len(posts) / elapsed:.0f} posts/s with {how}, rate limit off "
            f"({len(posts)} posts in {elapsed:.2f} s)"
        )
        print(
            f"  per post    median {statistics.median(timer.per_post):.2f} ms, "
            f"p95 {percentile(timer.per_post, 0.95):.2f} ms "
            "(claim, compose, Bot API call, record)"
        )
        in_posts = sum(timer.per_post) / 1000 / workers
        tasks = delivery_tasks() - tasks_before if tasks_before is not None else None
        around = f"  worker time {in_posts:.2f} s in posts, {elapsed - in_posts:.2f} s around them"
        if tasks and workers == 1:
            around += f" ({tasks} delivery tasks run: one queued per publication)"
        print(around)
        print(
            f"  duplicates  {extra} ({len(posts)} posts for {posted} of {len(ids)} articles; "
            f"{sent} outbox rows sent, {len(ids) - sent} not)"
        )
        failed = extra > 0 or posted != len(ids) or sent != len(ids)

        # --- the default rate limit --------------------------------------------------------
        if options.burst_articles > 0 and options.rate_seconds > 0:
            del settings.POLOSA_TELEGRAM_RATE, settings.POLOSA_TELEGRAM_BURST
            settings.POLOSA_TELEGRAM_CHANNEL = RATE_CHANNEL  # a fresh bucket
            from polosa.distribution import conf

            rate, burst = conf.telegram_rate_per_minute(), conf.telegram_burst()
            before = set(ArticlePage.objects.values_list("pk", flat=True))
            generate_articles(options.burst_articles, span=timedelta(hours=1), image_count=6)
            burst_ids = ArticlePage.objects.exclude(pk__in=before).values_list("pk", flat=True)
            call_command("worker", "--burst")
            for pk in burst_ids:
                telegram.article_published(pk)
            calls_before = len(bot.calls)
            started = time.monotonic()
            while time.monotonic() - started < options.rate_seconds:
                telegram.deliver()
                time.sleep(0.05)
            burst_posts = [
                c
                for c in bot.calls[calls_before:]
                if c.outcome == "ok" and c.params.get("chat_id") == RATE_CHANNEL
            ]
            moments = [c.at - started for c in burst_posts]
            steady = moments[int(burst) :]
            gaps = [b - a for a, b in zip(moments[int(burst) - 1 :], steady, strict=False)]
            extra, _ = duplicates(burst_posts)
            line = (
                f"  rate limit  default {rate:.0f}/min, burst {burst:.0f}: {len(burst_ids)} "
                f"queued, {len(moments)} sent in {options.rate_seconds:.0f} s"
            )
            if gaps:
                per_minute = 60 / statistics.mean(gaps)
                line += (
                    f"; the first {int(burst)} within {moments[int(burst) - 1] * 1000:.0f} ms, "
                    f"then one every {statistics.mean(gaps):.2f} s = {per_minute:.1f}/min"
                )
            print(line + f"; duplicates {extra}")
            failed = failed or extra > 0
    finally:
        bot.stop()
    if failed:
        sys.exit("a post was sent twice or an article was not posted")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--burst-articles", type=int, default=10)
    parser.add_argument("--rate-seconds", type=float, default=13.0)
    parser.add_argument("--database-url", default="", help="default: SQLite in a temp dir")
    options = parser.parse_args()
    if os.environ.get("POLOSA_BENCH_CHILD"):
        measure(options)
        return
    scratch = Path(tempfile.mkdtemp(prefix="polosa-bench-telegram-"))
    try:
        url = options.database_url or f"sqlite:///{scratch / 'bench.sqlite3'}"
        if url.startswith("postgres"):
            ensure_postgres_database(url)
        run_in_child(url, scratch, options)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

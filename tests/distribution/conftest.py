"""Fixtures for the distribution tests: a small newsroom with pictures, authors, tags, and
articles in every state readers must never see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from polosa.distribution import clock

from .fake_telegram import FakeTelegram

BASE = "https://polosa.example"


@pytest.fixture(autouse=True)
def _distribution_settings(settings):
    settings.POLOSA_BASE_URL = BASE
    settings.POLOSA_PAGE_CACHE_SECONDS = 0
    settings.POLOSA_TELEGRAM_TOKEN = ""
    settings.POLOSA_TELEGRAM_CHANNEL = ""


@pytest.fixture
def newsroom(article_factory, image_factory, rubrics):
    """Three public articles (one review with pictures in the body) and three hidden ones."""
    from polosa.news import content
    from polosa.titles.models import Title

    now = timezone.now()
    anna = content.ensure_author("Анна Ким")
    oleg = content.ensure_author("Олег Рябов")
    picture = image_factory("Главная картинка")
    inside = image_factory("Картинка в тексте")
    film = Title.objects.create(name="Сталкер", slug="stalker", kind="film")
    review = article_factory(
        "Рецензия: «Сталкер» & <другие>",
        rubric=rubrics[2],
        published_at=now - timedelta(hours=2),
        lead="Фильм о Зоне — и о нас.",
        kind="review",
        main_image=picture,
        authors=[anna],
        tags=["кино", "классика"],
        body=[
            ("paragraph", '<p>Первый <b>абзац</b> <span class="x">текста</span>.</p>'),
            ("heading", "Подзаголовок"),
            ("image", {"image": inside, "caption": "Кадр", "credit": ""}),
            ("quote", {"text": "Цитата", "attribution": "Режиссёр"}),
            ("list", {"ordered": False, "items": ["раз", "два"]}),
        ],
    )
    review.reviewed_title = film
    review.save()
    news = article_factory(
        "Новость дня",
        rubric=rubrics[0],
        published_at=now - timedelta(hours=30),
        lead="Короткий лид.",
        authors=[oleg],
        tags=["кино"],
        body=[("paragraph", "<p>Текст новости.</p>")],
    )
    old = article_factory(
        "Старый материал",
        rubric=rubrics[0],
        published_at=now - timedelta(days=5),
        lead="Давно.",
        authors=[anna, oleg],
    )
    draft = article_factory("СЕКРЕТ черновик", rubric=rubrics[0], live=False, tags=["кино"])
    scheduled = article_factory(
        "СЕКРЕТ запланирован", rubric=rubrics[0], live=False, published_at=now + timedelta(days=1)
    )
    scheduled.go_live_at = now + timedelta(days=1)
    scheduled.save()
    unpublished = article_factory("СЕКРЕТ снят", rubric=rubrics[0], authors=[anna], tags=["кино"])
    unpublished.unpublish()
    return {
        "review": review,
        "news": news,
        "old": old,
        "hidden": [draft, scheduled, unpublished],
        "anna": anna,
        "oleg": oleg,
        "film": film,
        "rubrics": rubrics,
    }


#: A sentence where the foreign agent «Орлов Пётр Ильич» is named by surname only: the
#: legal engine is unsure (a ``review`` mention) until an editor decides.
UNCERTAIN = "Вчера Орлов выступил на митинге."


@pytest.fixture
def orlov(db):
    """A foreign agent in the legal registry, with the matcher reloaded to know him."""
    from polosa.legal import registry
    from polosa.legal.models import RegistryEntry

    entry = RegistryEntry.objects.create(
        external_id="fa-orlov",
        kind="foreign_agent",
        entity_type="person",
        name="Орлов Пётр Ильич",
    )
    registry.bump_version()  # what the commit hook does after a registry change
    registry.forget()
    yield entry
    registry.forget()


@pytest.fixture
def decide_mentions(orlov):
    """``decide_mentions(article, "confirmed" | "dismissed")``: the legal reviewer's decision
    on every uncertain mention in the article's body, recorded as the admin records it."""
    from polosa.legal import gate

    def decide(article, decision: str) -> None:
        rows = gate.record_pending(article, gate.scan(article).unresolved)
        assert rows, "the article has no uncertain mention to decide on"
        for row in rows:
            gate.decide(row, decision, None)

    return decide


class FakeClock:
    def __init__(self):
        self.moment = timezone.now()

    def __call__(self):
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def bot(settings):
    fake = FakeTelegram()
    settings.POLOSA_TELEGRAM_TOKEN = "123:secret"
    settings.POLOSA_TELEGRAM_CHANNEL = "@polosa_test"
    settings.POLOSA_TELEGRAM_API = fake.url
    settings.POLOSA_TELEGRAM_TIMEOUT = 0.3
    settings.POLOSA_TELEGRAM_BACKOFF = 1
    settings.POLOSA_TELEGRAM_BACKOFF_MAX = 4
    settings.POLOSA_TELEGRAM_RATE = 600  # ten a second: the rate test sets its own
    settings.POLOSA_TELEGRAM_BURST = 50
    settings.POLOSA_TELEGRAM_STALE_AFTER = 60
    yield fake
    fake.stop()


@pytest.fixture
def fake_clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(clock, "now", fake)
    return fake

"""The Telegram outbox against a fake Bot API server: one post per article under retries,
restarts and concurrent workers; the rate limit; edits and deletions; nothing leaks."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from polosa.distribution import clock, telegram
from polosa.distribution.models import TelegramPost

from ..conftest import requires_postgres

State = TelegramPost.State


def publish(article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()


def drain(fake_clock, rounds: int = 12, step: float = 10) -> None:
    for _ in range(rounds):
        telegram.deliver()
        fake_clock.advance(step)


@pytest.mark.django_db
def test_photo_post_sent_once(
    bot, fake_clock, article_factory, image_factory, django_capture_on_commit_callbacks
):
    article = article_factory(
        "Заголовок <важный> & срочный", lead="Лид новости.", main_image=image_factory()
    )
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    publish(article, django_capture_on_commit_callbacks)  # republished without changes
    drain(fake_clock, rounds=3)
    [post] = bot.posts()
    assert post.method == "sendPhoto" and post.token == "123:secret"
    assert post.params["chat_id"] == "@polosa_test" and post.params["parse_mode"] == "HTML"
    assert post.params["photo"].startswith("https://polosa.example/media/")
    caption = post.params["caption"]
    assert "<b>Заголовок &lt;важный&gt; &amp; срочный</b>" in caption
    assert f'href="https://polosa.example{article.url}"' in caption
    row = TelegramPost.objects.get()
    assert row.state == State.SENT and row.message_id == 101 and row.kind == "photo"


@pytest.mark.django_db
def test_text_post_without_picture_and_long_lead(
    bot, fake_clock, article_factory, django_capture_on_commit_callbacks
):
    article = article_factory("Без картинки", lead="слово " * 2000)
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    [post] = bot.posts()
    assert post.method == "sendMessage"
    assert len(post.params["text"]) <= 4096 and "Читать на сайте</a>" in post.params["text"]


@pytest.mark.django_db
def test_retries_500_hang_drop_and_429(
    bot, fake_clock, article_factory, django_capture_on_commit_callbacks
):
    bot.script = ["500", "hang", "drop", "429:30", "ok"]
    article = article_factory("Повторы")
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    row = TelegramPost.objects.get()
    assert row.state == State.PENDING and row.attempts == 1 and "Internal" in row.last_error
    fake_clock.advance(5)
    drain(fake_clock, rounds=3, step=5)  # hang, then drop, then 429
    row.refresh_from_db()
    assert row.state == State.PENDING and "retry after 30" in row.last_error
    fake_clock.advance(20)  # still inside retry_after: nothing is sent
    telegram.deliver()
    assert len(bot.calls) == 4
    fake_clock.advance(15)
    telegram.deliver()
    assert [c.outcome for c in bot.calls] == ["500", "hang", "drop", "429:30", "ok"]
    assert len(bot.posts()) == 1
    row.refresh_from_db()
    assert row.state == State.SENT and row.attempts == 5


@pytest.mark.django_db
def test_gives_up_after_max_attempts(
    bot, fake_clock, settings, article_factory, django_capture_on_commit_callbacks
):
    settings.POLOSA_TELEGRAM_MAX_ATTEMPTS = 3
    bot.script = ["500"] * 10
    publish(article_factory("Сломано"), django_capture_on_commit_callbacks)
    drain(fake_clock, rounds=6)
    assert len(bot.calls) == 3
    assert TelegramPost.objects.get().state == State.FAILED


@pytest.mark.django_db
def test_worker_restart_after_claim_resends_once(
    bot, fake_clock, article_factory, django_capture_on_commit_callbacks
):
    publish(article_factory("Перезапуск"), django_capture_on_commit_callbacks)
    claimed = telegram.claim(fake_clock())  # a worker takes it, then dies before sending
    assert claimed is not None and telegram.claim(fake_clock()) is None
    telegram.deliver()
    assert bot.calls == []  # still held by the dead worker
    fake_clock.advance(61)
    drain(fake_clock, rounds=2)
    assert len(bot.posts()) == 1


@pytest.mark.django_db
def test_crash_while_sending_is_never_resent(
    bot, fake_clock, article_factory, django_capture_on_commit_callbacks, monkeypatch
):
    publish(article_factory("Падение"), django_capture_on_commit_callbacks)

    def crash(post, method, message, result, attempts):
        raise SystemExit("worker killed after Telegram answered")

    monkeypatch.setattr(telegram, "finish", crash)
    with pytest.raises(SystemExit):
        telegram.deliver()
    monkeypatch.undo()
    monkeypatch.setattr(clock, "now", fake_clock)
    assert TelegramPost.objects.get().state == State.SENDING
    fake_clock.advance(61)
    drain(fake_clock, rounds=3)
    assert len(bot.posts()) == 1  # the one from before the crash
    assert TelegramPost.objects.get().state == State.UNCERTAIN


@pytest.mark.django_db
def test_rate_limit(bot, fake_clock, settings, article_factory, django_capture_on_commit_callbacks):
    settings.POLOSA_TELEGRAM_RATE = 20  # one every three seconds
    settings.POLOSA_TELEGRAM_BURST = 2
    for number in range(6):
        publish(article_factory(f"Поток {number}"), django_capture_on_commit_callbacks)
    telegram.deliver()
    assert len(bot.posts()) == 2  # the burst
    fake_clock.advance(3)
    telegram.deliver()
    assert len(bot.posts()) == 3
    fake_clock.advance(1)
    telegram.deliver()
    assert len(bot.posts()) == 3
    fake_clock.advance(30)  # a long pause refills only up to the burst
    telegram.deliver()
    assert len(bot.posts()) == 5
    fake_clock.advance(3)
    telegram.deliver()
    assert len(bot.posts()) == 6
    assert TelegramPost.objects.filter(state=State.SENT).count() == 6


@pytest.mark.django_db
def test_edit_on_headline_correction(
    bot, fake_clock, article_factory, image_factory, django_capture_on_commit_callbacks
):
    article = article_factory("Опечтака в заголовке", main_image=image_factory())
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    article.title = "Опечатка исправлена"
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    [edit] = bot.delivered("editMessageCaption")
    assert edit.params["message_id"] == 101 and "Опечатка исправлена" in edit.params["caption"]
    assert "Опечатка исправлена" in bot.messages[101]["text"]
    assert len(bot.posts()) == 1
    row = TelegramPost.objects.get()
    assert row.action == "" and "исправлена" in row.sent_text


@pytest.mark.django_db
def test_post_applies_the_legal_reviewers_decisions(
    bot, fake_clock, article_factory, decide_mentions, django_capture_on_commit_callbacks
):
    """A mention the legal reviewer confirmed is starred in the channel post, with its
    footnote, exactly as on the page; a dismissed one is posted as written."""
    from wagtail.rich_text import RichText

    from .conftest import UNCERTAIN

    posted = {}
    for title, decision in (("Подтверждено", "confirmed"), ("Отклонено", "dismissed")):
        article = article_factory(
            title, lead=UNCERTAIN, body=[("paragraph", RichText(f"<p>{UNCERTAIN}</p>"))]
        )
        decide_mentions(article, decision)
        publish(article, django_capture_on_commit_callbacks)  # the legal gate lets it through
        telegram.deliver()
        [post] = [p for p in bot.posts() if title in p.params["text"]]
        posted[title] = post.params["text"]
    assert "Вчера Орлов* выступил на митинге." in posted["Подтверждено"]
    assert posted["Подтверждено"].endswith("* Орлов Пётр Ильич признан иностранным агентом в РФ")
    assert "Вчера Орлов выступил на митинге." in posted["Отклонено"]
    assert "*" not in posted["Отклонено"] and "агентом" not in posted["Отклонено"]
    assert TelegramPost.objects.filter(state=State.SENT).count() == 2


@pytest.mark.django_db
def test_a_changed_decision_edits_the_sent_post(
    bot, fake_clock, article_factory, decide_mentions, django_capture_on_commit_callbacks
):
    """The reviewer first dismisses a mention, the article goes out, then the reviewer
    confirms it after all: the channel post is edited to carry the star and footnote."""
    from wagtail.rich_text import RichText

    from polosa.legal import gate
    from polosa.legal.models import MentionReview

    from .conftest import UNCERTAIN

    article = article_factory(
        "Передумали", lead=UNCERTAIN, body=[("paragraph", RichText(f"<p>{UNCERTAIN}</p>"))]
    )
    decide_mentions(article, "dismissed")
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    [post] = bot.posts()
    assert "Орлов*" not in post.params["text"]
    with django_capture_on_commit_callbacks(execute=True):
        for review in MentionReview.objects.filter(article_id=article.pk):
            gate.decide(review, "confirmed", None)
    telegram.deliver()
    [edit] = bot.delivered("editMessageText")
    assert "Вчера Орлов* выступил" in edit.params["text"]
    assert edit.params["text"].endswith("* Орлов Пётр Ильич признан иностранным агентом в РФ")
    assert len(bot.posts()) == 1


@pytest.mark.django_db
def test_a_foreign_agents_material_is_posted_with_the_plaque_first(
    bot, fake_clock, article_factory, orlov, django_capture_on_commit_callbacks
):
    from polosa.news.content import ensure_author

    article = article_factory("Колонка о выборах", authors=[ensure_author("Пётр Орлов")])
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    [post] = bot.posts()
    assert post.params["text"].startswith(
        "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН "
        "ИНОСТРАННЫМ АГЕНТОМ ОРЛОВЫМ ПЕТРОМ ИЛЬИЧОМ"
    )


@pytest.mark.django_db
def test_delete_on_unpublish(bot, fake_clock, article_factory, django_capture_on_commit_callbacks):
    article = article_factory("Будет снят")
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    telegram.deliver()
    assert len(bot.delivered("deleteMessage")) == 1 and bot.messages == {}
    assert TelegramPost.objects.get().state == State.DELETED


@pytest.mark.django_db
def test_unpublish_keeps_message_when_setting_off(
    bot, fake_clock, settings, article_factory, django_capture_on_commit_callbacks
):
    settings.POLOSA_TELEGRAM_DELETE_ON_UNPUBLISH = False
    article = article_factory("Останется")
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    telegram.deliver()
    assert bot.delivered("deleteMessage") == [] and len(bot.messages) == 1


@pytest.mark.django_db
def test_unpublished_before_its_turn_is_never_posted(
    bot, fake_clock, article_factory, django_capture_on_commit_callbacks
):
    article = article_factory("Снят до отправки")
    publish(article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    drain(fake_clock, rounds=2)
    assert bot.calls == []
    assert TelegramPost.objects.get().state == State.CANCELLED


@pytest.mark.django_db
def test_drafts_and_scheduled_are_not_posted(
    bot, fake_clock, article_factory, django_capture_on_commit_callbacks
):
    draft = article_factory("Черновик", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision()
    scheduled = article_factory("Запланирован", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        scheduled.save_revision().publish()
    drain(fake_clock, rounds=2)
    assert bot.calls == [] and not TelegramPost.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_scheduled_publication_through_the_worker_is_posted(
    bot, article_factory, django_capture_on_commit_callbacks
):
    import time

    from django.core.management import call_command

    from polosa.news.models import ArticlePage

    article = article_factory("По расписанию", live=False)
    article.go_live_at = timezone.now() + timedelta(seconds=0.3)
    article.save_revision().publish()
    assert not ArticlePage.objects.get(pk=article.pk).live
    time.sleep(0.4)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("worker", "--burst")  # publish_scheduled fires page_published
    call_command("worker", "--burst")  # the queued delivery task runs
    assert ArticlePage.objects.get(pk=article.pk).live
    assert len(bot.posts()) == 1


@pytest.mark.django_db
def test_without_token_nothing_is_posted_and_admin_says_so(
    settings, article_factory, admin_client, django_capture_on_commit_callbacks
):
    settings.POLOSA_TELEGRAM_TOKEN = ""
    publish(article_factory("Без токена"), django_capture_on_commit_callbacks)
    assert telegram.deliver() == {"processed": 0, "waiting": 0}
    assert not TelegramPost.objects.exists()
    assert "Telegram не настроен" in admin_client.get("/admin/").content.decode()
    listing = admin_client.get("/admin/snippets/distribution/telegrampost/", follow=True)
    assert listing.status_code == 200


def concurrent_workers(bot, article_factory, count: int) -> None:
    from django.db import close_old_connections

    for number in range(count):
        article = article_factory(f"Гонка {number}")
        article.save_revision().publish()
        telegram.article_published(article.pk)
    errors = []

    def work():
        from django.db import OperationalError

        try:
            for _ in range(40):
                try:
                    if telegram.deliver()["processed"] == 0 and not due():
                        return
                except OperationalError:
                    # SQLite's shared in-memory test database reports "table is locked"
                    # instead of waiting; a real worker simply runs its next cycle.
                    time.sleep(0.01)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    def due() -> bool:
        return TelegramPost.objects.exclude(state=State.SENT).exists()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    posted = [c.params["text"] for c in bot.posts()]
    states = list(TelegramPost.objects.values_list("state", "last_error"))
    assert len(posted) == count and len(set(posted)) == count, states
    assert TelegramPost.objects.filter(state=State.SENT).count() == count


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_sqlite(bot, article_factory):
    if connection.vendor != "sqlite":
        pytest.skip("needs SQLite: the PostgreSQL variant covers this engine")
    concurrent_workers(bot, article_factory, 6)


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_postgres(bot, article_factory):
    concurrent_workers(bot, article_factory, 8)


@pytest.mark.django_db
def test_a_burst_of_publications_queues_one_delivery(
    bot, fake_clock, article_factory, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    for number in range(10):
        publish(article_factory(f"Срочно {number}", live=False), django_capture_on_commit_callbacks)
    queued = DBTaskResult.objects.filter(task_path__endswith="deliver_telegram")
    assert queued.count() == 1
    telegram.deliver()  # the one queued delivery sends them all
    assert len(bot.posts()) == 10
    publish(article_factory("После отправки", live=False), django_capture_on_commit_callbacks)
    assert queued.count() == 2  # a delivery that has started does not cover later posts


@pytest.mark.django_db
def test_an_entry_added_to_the_registry_later_edits_the_posts_that_name_it(
    bot, fake_clock, article_factory, django_capture_on_commit_callbacks
):
    from polosa.legal import registry
    from polosa.legal.models import RegistryEntry
    from polosa.legal.tasks import rescan_published_articles

    article = article_factory("Интервью", lead="Разговор с Вадимом Тучковым о новой книге.")
    untouched = article_factory("Погода", lead="Завтра снег.")
    for page in (article, untouched):
        publish(page, django_capture_on_commit_callbacks)
    telegram.deliver()
    assert len(bot.posts()) == 2
    RegistryEntry.objects.create(
        external_id="fa-tuchkov",
        kind="foreign_agent",
        entity_type="person",
        name="Тучков Вадим Олегович",
    )
    registry.bump_version()
    registry.forget()
    rescan_published_articles.call(["fa-tuchkov"])
    telegram.deliver()
    [edit] = bot.delivered("editMessageText")
    assert "Вадимом Тучковым*" in edit.params["text"]
    assert "признан иностранным агентом" in edit.params["text"]
    registry.forget()


@pytest.mark.django_db
def test_republished_before_the_deletion_went_out_keeps_its_post(
    bot, fake_clock, article_factory, django_capture_on_commit_callbacks
):
    article = article_factory("Сняли по ошибке", live=False)
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    article.refresh_from_db()
    publish(article, django_capture_on_commit_callbacks)  # before any worker ran
    telegram.deliver()
    assert bot.delivered("deleteMessage") == []
    assert len(bot.messages) == 1 and len(bot.posts()) == 1


@pytest.mark.django_db
def test_new_posts_go_out_before_a_backlog_of_edits(
    bot, fake_clock, settings, article_factory, django_capture_on_commit_callbacks
):
    old = [article_factory(f"Архив {n}", live=False) for n in range(3)]
    for article in old:
        publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    TelegramPost.objects.update(action=TelegramPost.Action.EDIT, next_attempt_at=fake_clock())
    fake_clock.advance(1)
    publish(article_factory("Срочная новость", live=False), django_capture_on_commit_callbacks)
    fake_clock.advance(1)
    [first] = [post for post in [telegram.claim(fake_clock())] if post]
    assert first.article.title.startswith("Срочная")


@pytest.mark.django_db
def test_an_entry_removed_from_the_registry_loses_its_mark_in_the_channel(
    bot, fake_clock, article_factory, orlov, django_capture_on_commit_callbacks
):
    from polosa.legal import registry
    from polosa.legal.tasks import rescan_published_articles

    article = article_factory("Интервью", lead="Пётр Орлов рассказал о книге.")
    plain_one = article_factory("Без упоминаний", lead="Тихий день.")
    for page in (article, plain_one):
        publish(page, django_capture_on_commit_callbacks)
    telegram.deliver()
    assert any("Орлов*" in post.params["text"] for post in bot.posts())
    orlov.delete()  # the Minjust removes him from the list
    registry.bump_version()
    registry.forget()
    rescan_published_articles.call(["fa-orlov"])
    telegram.deliver()
    [edit] = bot.delivered("editMessageText")
    assert "Пётр Орлов рассказал" in edit.params["text"] and "*" not in edit.params["text"]


#: A lawyer's footnote long enough to leave no room for a headline in a photo caption.
LONG_FOOTNOTE = (
    "Деятельность организации «Северный фонд» признана нежелательной на территории "
    "Российской Федерации решением Генеральной прокуратуры; участие в деятельности "
    "нежелательной организации влечёт ответственность по статье 20.33 КоАП РФ и статье "
    "284.1 УК РФ. "
) * 4


@pytest.fixture
def long_footnote_entry(db):
    """An organisation whose registry entry carries its own, very long footnote."""
    from polosa.legal import registry
    from polosa.legal.models import RegistryEntry

    entry = RegistryEntry.objects.create(
        external_id="und-severny",
        kind="undesirable",
        entity_type="organisation",
        name="Северный фонд",
        footnote=LONG_FOOTNOTE.strip(),
    )
    registry.bump_version()
    registry.forget()
    yield entry
    registry.forget()


HEADLINE = "Суд оштрафовал блогера за репост"


def article_with_footnote(article_factory, image_factory):
    """A long lead naming the organisation (posts carry the headline and the lead)."""
    return article_factory(
        HEADLINE, lead="Блогер сослался на «Северный фонд». " * 30, main_image=image_factory()
    )


@pytest.mark.django_db
def test_a_footnote_too_long_for_a_caption_sends_the_post_as_text_with_the_picture_previewed(
    bot, fake_clock, article_factory, image_factory, long_footnote_entry,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """The headline, the link and the whole footnote, in a text post whose link preview
    shows the article's picture (a caption has 1 024 characters, and the footnote used to
    push the headline out of it)."""
    article = article_with_footnote(article_factory, image_factory)
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    [post] = bot.posts()
    assert post.method == "sendMessage"
    text = post.params["text"]
    assert len(text) <= 4096
    assert f"<b>{HEADLINE}</b>" in text
    assert f'href="https://polosa.example{article.url}"' in text
    assert text.endswith(LONG_FOOTNOTE.strip())
    assert post.params["link_preview_options"] == {
        "url": f"https://polosa.example{article.url}",
        "prefer_large_media": True,
        "show_above_text": True,
    }
    row = TelegramPost.objects.get()
    assert (row.kind, row.last_error) == ("text", "")
    article.title = "Суд оштрафовал блогера за репост в канале"
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    [edit] = bot.delivered("editMessageText")
    assert "<b>Суд оштрафовал блогера за репост в канале</b>" in edit.params["text"]
    assert edit.params["link_preview_options"] == post.params["link_preview_options"]


@pytest.mark.django_db
def test_a_short_footnote_still_goes_out_as_a_photo_caption(
    bot, fake_clock, article_factory, image_factory, orlov, django_capture_on_commit_callbacks
):
    article = article_factory(
        HEADLINE, lead="Пётр Орлов выступил на митинге. " * 60, main_image=image_factory()
    )
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    [post] = bot.posts()
    assert post.method == "sendPhoto"
    caption = post.params["caption"]
    assert len(caption) <= 1024 and f"<b>{HEADLINE}</b>" in caption
    assert caption.endswith("* Орлов Пётр Ильич признан иностранным агентом в РФ")


@pytest.mark.django_db
def test_a_photo_whose_new_footnote_cannot_fit_its_caption_keeps_the_headline_and_says_so(
    bot, fake_clock, article_factory, image_factory, django_capture_on_commit_callbacks,
):  # fmt: skip
    """A registry entry added after the photo went out: the caption is edited (a photo
    cannot become a text post), the headline and the link stay, and the outbox row tells
    an editor that the footnote was cut instead of dropping it silently."""
    from polosa.legal import registry
    from polosa.legal.models import RegistryEntry

    article = article_with_footnote(article_factory, image_factory)
    publish(article, django_capture_on_commit_callbacks)
    telegram.deliver()
    [sent] = bot.posts()
    assert sent.method == "sendPhoto"
    RegistryEntry.objects.create(
        external_id="und-severny",
        kind="undesirable",
        entity_type="organisation",
        name="Северный фонд",
        footnote=LONG_FOOTNOTE.strip(),
    )
    registry.bump_version()
    registry.forget()
    try:
        post = TelegramPost.objects.get()
        assert telegram.edit_if_changed(post, article)
        telegram.deliver()
    finally:
        registry.forget()
    [edit] = bot.delivered("editMessageCaption")
    caption = edit.params["caption"]
    assert len(caption) <= 1024
    assert f"<b>{HEADLINE}</b>" in caption and "Читать на сайте</a>" in caption
    assert "Северный фонд" in caption  # as much of the footnote as fits
    row = TelegramPost.objects.get()
    assert "Сноски не поместились" in row.last_error

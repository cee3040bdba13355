"""Key events of a blog that sends them go to the Telegram channel as posts of their own,
exactly once each, through the outbox (against the fake Bot API on loopback); an edit of
the entry edits its post as a correction edits an article's, and un-flagging or deleting
the entry withdraws it."""

from __future__ import annotations

import pytest

from polosa.distribution import telegram
from polosa.distribution.models import TelegramPost
from polosa.live import services

from .conftest import UNCERTAIN, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.POLOSA_BASE_URL = "https://polosa.example"
    settings.POLOSA_PAGE_CACHE_SECONDS = 0


def drain(fake_clock, rounds: int = 6) -> None:
    for _ in range(rounds):
        telegram.deliver()
        fake_clock.advance(10)


def entry_posts(bot) -> list:
    return [call for call in bot.posts() if "Читать трансляцию" in call.params["text"]]


def test_each_key_event_is_posted_once(
    bot,
    fake_clock,
    blog_factory,
    django_capture_on_commit_callbacks,
):
    blog = blog_factory("Марафон: онлайн", telegram_key_events=True)
    with django_capture_on_commit_callbacks(execute=True):
        start = services.add_entry(
            blog, title="Старт", body=paragraph("Бегуны ушли со старта."), key_event=True
        )
        services.add_entry(blog, body=paragraph("Обычная запись без поста."))
    drain(fake_clock)
    with django_capture_on_commit_callbacks(execute=True):
        start.title = "Старт дан"
        services.save_entry(start)  # an edit of a key event is not a second post
        finish = services.add_entry(
            blog, title="Финиш", body=paragraph("Победитель на финише."), key_event=True
        )
    drain(fake_clock)
    drain(fake_clock)
    posts = entry_posts(bot)
    assert len(posts) == 2
    [edit] = bot.edit_calls()  # the edit of the first one changed it in place
    started = TelegramPost.objects.get(subject=f"live-entry-{start.pk}")
    assert edit.method == "editMessageText" and edit.outcome == "ok"
    assert edit.params["message_id"] == started.message_id
    assert "Старт дан" in edit.params["text"] and started.sent_text == edit.params["text"]
    first, second = (call.params["text"] for call in posts)
    assert "<b>Марафон: онлайн</b>" in first and "Бегуны ушли со старта." in first
    assert f"{blog.url}#{start.anchor}" in first
    assert "Победитель на финише." in second and f"#{finish.anchor}" in second
    rows = TelegramPost.objects.exclude(subject="")
    assert sorted(rows.values_list("subject", "state")) == sorted(
        [(f"live-entry-{start.pk}", "sent"), (f"live-entry-{finish.pk}", "sent")]
    )


def test_a_blog_without_the_setting_posts_no_key_events(
    bot,
    fake_clock,
    blog,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_entry(blog, title="Важно", body=paragraph("Текст."), key_event=True)
    drain(fake_clock)
    assert entry_posts(bot) == []
    assert not TelegramPost.objects.exclude(subject="").exists()


def test_concurrent_queueing_of_one_key_event_makes_one_row(
    bot,
    fake_clock,
    blog_factory,
    django_capture_on_commit_callbacks,
):
    blog = blog_factory(telegram_key_events=True)
    entry = services.add_entry(blog, body=paragraph("Событие."), key_event=True)
    for _ in range(3):
        services.send_key_event(entry.pk)
    drain(fake_clock)
    assert len(entry_posts(bot)) == 1
    assert TelegramPost.objects.filter(subject=f"live-entry-{entry.pk}").count() == 1


def test_a_key_event_waiting_for_the_reviewer_is_posted_after_the_decision(
    bot,
    fake_clock,
    blog_factory,
    orlov,
    django_capture_on_commit_callbacks,
):
    from polosa.legal import gate
    from polosa.legal.models import MentionReview

    blog = blog_factory(telegram_key_events=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_entry(blog, body=paragraph(UNCERTAIN), key_event=True)
    drain(fake_clock)
    assert entry_posts(bot) == []
    with django_capture_on_commit_callbacks(execute=True):
        gate.decide(MentionReview.objects.get(article_id=blog.pk), "confirmed", None)
    drain(fake_clock)
    [post] = entry_posts(bot)
    assert "Орлов*" in post.params["text"] and "иностранным агентом" in post.params["text"]


def test_a_key_event_deleted_before_its_turn_is_not_posted(
    bot,
    fake_clock,
    blog_factory,
    django_capture_on_commit_callbacks,
):
    blog = blog_factory(telegram_key_events=True)
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.add_entry(blog, body=paragraph("Ошибочная запись."), key_event=True)
    entry_id = entry.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_entry(entry)
    drain(fake_clock)
    assert entry_posts(bot) == []
    assert TelegramPost.objects.get(subject=f"live-entry-{entry_id}").state == "cancelled"


@pytest.fixture
def posted(bot, fake_clock, blog_factory, django_capture_on_commit_callbacks):
    """A key event whose own post is in the channel."""
    blog = blog_factory("Марафон: онлайн", telegram_key_events=True)
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.add_entry(
            blog, title="Старт", body=paragraph("Бегуны ушли со старта."), key_event=True
        )
    drain(fake_clock)
    [post] = entry_posts(bot)
    row = TelegramPost.objects.get(subject=f"live-entry-{entry.pk}")
    assert row.state == "sent" and row.message_id in bot.messages
    return entry


def write(django_capture_on_commit_callbacks, fake_clock, change) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        change()
    drain(fake_clock)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title", "Старт дан в 9:00", "Старт дан в 9:00"),
        ("body", paragraph("Бегуны ушли со старта под дождём."), "под дождём"),
    ],
    ids=["title", "text"],
)
def test_an_edit_of_a_key_event_edits_its_post_once(
    bot, fake_clock, posted, django_capture_on_commit_callbacks, field, value, expected
):
    setattr(posted, field, value)
    write(django_capture_on_commit_callbacks, fake_clock, lambda: services.save_entry(posted))
    row = TelegramPost.objects.get(subject=f"live-entry-{posted.pk}")
    [edit] = bot.edit_calls()
    assert edit.method == "editMessageText" and edit.params["message_id"] == row.message_id
    assert expected in edit.params["text"] and expected in bot.messages[row.message_id]["text"]
    assert len(entry_posts(bot)) == 1 and row.action == TelegramPost.Action.NONE
    # Saved again unchanged: the post already reads so, nothing is sent.
    write(django_capture_on_commit_callbacks, fake_clock, lambda: services.save_entry(posted))
    assert len(bot.edit_calls()) == 1


def test_an_edit_that_changes_nothing_in_the_post_leaves_it_alone(
    bot, fake_clock, posted, django_capture_on_commit_callbacks
):
    from polosa.news import content

    posted.author = content.ensure_author("Анна Ким")  # not in the post's text
    write(django_capture_on_commit_callbacks, fake_clock, lambda: services.save_entry(posted))
    assert bot.edit_calls() == []


@pytest.mark.parametrize("withdraw", ["unflag", "delete"])
def test_unflagging_or_deleting_a_key_event_deletes_its_post(
    bot, fake_clock, posted, django_capture_on_commit_callbacks, withdraw
):
    subject = f"live-entry-{posted.pk}"
    message_id = TelegramPost.objects.get(subject=subject).message_id

    def change():
        if withdraw == "unflag":
            posted.key_event = False
            services.save_entry(posted)
        else:
            services.delete_entry(posted)

    write(django_capture_on_commit_callbacks, fake_clock, change)
    assert [call.params["message_id"] for call in bot.delivered("deleteMessage")] == [message_id]
    assert message_id not in bot.messages
    assert TelegramPost.objects.get(subject=subject).state == "deleted"


def test_a_key_event_flagged_again_after_its_post_was_deleted_is_not_posted_twice(
    bot, fake_clock, posted, django_capture_on_commit_callbacks
):
    posted.key_event = False
    write(django_capture_on_commit_callbacks, fake_clock, lambda: services.save_entry(posted))
    posted.key_event = True
    write(django_capture_on_commit_callbacks, fake_clock, lambda: services.save_entry(posted))
    assert len(entry_posts(bot)) == 1
    assert TelegramPost.objects.filter(subject=f"live-entry-{posted.pk}").count() == 1


def test_a_key_event_unflagged_and_flagged_again_before_its_turn_is_posted_once(
    bot, fake_clock, blog_factory, django_capture_on_commit_callbacks
):
    blog = blog_factory(telegram_key_events=True)
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.add_entry(blog, body=paragraph("Сначала так."), key_event=True)
    with django_capture_on_commit_callbacks(execute=True):
        entry.key_event = False
        services.save_entry(entry)
    assert TelegramPost.objects.get(subject=f"live-entry-{entry.pk}").state == "cancelled"
    with django_capture_on_commit_callbacks(execute=True):
        entry.key_event = True
        entry.body = paragraph("А потом иначе.")
        services.save_entry(entry)
    drain(fake_clock)
    [post] = entry_posts(bot)
    assert "А потом иначе." in post.params["text"]


def test_an_ordinary_entry_made_a_key_event_is_posted_then(
    bot, fake_clock, blog_factory, django_capture_on_commit_callbacks
):
    blog = blog_factory(telegram_key_events=True)
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.add_entry(blog, body=paragraph("Стало важным позже."))
    drain(fake_clock)
    assert entry_posts(bot) == []
    entry.key_event = True
    write(django_capture_on_commit_callbacks, fake_clock, lambda: services.save_entry(entry))
    [post] = entry_posts(bot)
    assert "Стало важным позже." in post.params["text"]


@pytest.fixture
def perepyolkin(db):
    """A foreign agent named in full (a sure mention), with the matcher reloaded."""
    from polosa.legal import registry
    from polosa.legal.models import RegistryEntry

    entry = RegistryEntry.objects.create(
        external_id="fa-perepyolkin",
        kind="foreign_agent",
        entity_type="person",
        name="Перепёлкин Аркадий Семёнович",
    )
    registry.bump_version()
    registry.forget()
    yield entry
    registry.forget()


def test_a_key_events_post_marks_the_blogs_headline_like_an_articles_post(
    bot, fake_clock, blog_factory, perepyolkin, django_capture_on_commit_callbacks
):
    blog = blog_factory("Концерт Аркадия Перепёлкина: онлайн", telegram_key_events=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_entry(
            blog,
            title="Начало",
            body=paragraph("Аркадий Перепёлкин вышел на сцену, с ним — Ника Заря."),
            key_event=True,
        )
    drain(fake_clock)
    [post] = entry_posts(bot)
    text = post.params["text"]
    # The star on the headline's mention, the first; the entry's repeats it without one,
    # and the entity has one footnote, as in an article's post.
    headline, rest = text.split("</b>", 1)
    entry_text, footnotes = rest.rsplit("\n\n", 1)
    assert headline == "<b>Концерт Аркадия Перепёлкина*: онлайн"
    assert "Аркадий Перепёлкин вышел на сцену" in entry_text and "*" not in entry_text
    assert footnotes == "* Перепёлкин Аркадий Семёнович признан иностранным агентом в РФ"


def test_a_mention_in_the_entry_still_counts_after_a_marked_headline(
    bot, fake_clock, blog_factory, perepyolkin, orlov, django_capture_on_commit_callbacks
):
    from polosa.legal import gate
    from polosa.legal.models import MentionReview

    blog = blog_factory("Концерт Аркадия Перепёлкина: онлайн", telegram_key_events=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_entry(blog, body=paragraph(UNCERTAIN), key_event=True)
    drain(fake_clock)
    assert entry_posts(bot) == []  # the entry's uncertain mention waits for the reviewer
    with django_capture_on_commit_callbacks(execute=True):
        gate.decide(MentionReview.objects.get(article_id=blog.pk), "confirmed", None)
    drain(fake_clock)
    [post] = entry_posts(bot)
    text = post.params["text"]
    assert "<b>Концерт Аркадия Перепёлкина*: онлайн</b>" in text and "Орлов**" in text

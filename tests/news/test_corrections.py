"""Correction notes: dated when first published, shown under the text newest first, kept
once readers have seen them, published through one service that purges exactly the
article's keys."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from polosa.core import surrogate, taggedcache
from polosa.news import services
from polosa.news.models import ArticleCorrection, ArticlePage
from polosa.news.signals import article_corrected
from tests.newsroom.conftest import edit_url, page_form

MOSCOW = ZoneInfo("Europe/Moscow")
pytestmark = pytest.mark.django_db


@pytest.fixture
def article(article_factory, rubrics):
    from polosa.news.content import ensure_author

    return article_factory(
        "Концерт перенесли на субботу",
        rubric=rubrics[1],
        published_at=timezone.now() - timedelta(hours=3),
        lead="Группа «Северный ветер» сыграет позже.",
        authors=[ensure_author("Вера Соколова")],
        tags=["концерты"],
        body=[("paragraph", "<p>Организаторы назвали новую дату.</p>")],
    )


def fresh(article) -> ArticlePage:
    return ArticlePage.objects.get(pk=article.pk)


def document(response):
    assert response.status_code == 200, response.status_code
    return lxml_html.fromstring(response.content.decode())


def label_of(note: ArticleCorrection) -> str:
    from polosa.core import dates

    return dates.format_published(note.published_at, timezone.now(), MOSCOW)


def set_time(note: ArticleCorrection, moment: datetime) -> None:
    """Put a published note at another time (as if it had been published then)."""
    ArticleCorrection.objects.filter(pk=note.pk).update(published_at=moment)
    page = fresh(note.page)
    latest = max(n.published_at for n in page.corrections.all())
    ArticlePage.objects.filter(pk=page.pk).update(corrected_at=latest)
    taggedcache.store().clear()


# -- dating and keeping ------------------------------------------------------------------------
def test_a_note_is_dated_when_first_published_and_keeps_its_row_and_time(article):
    before = timezone.now()
    note = services.publish_correction(article, "Уточнена дата концерта.")
    stored = ArticleCorrection.objects.get()
    assert before <= stored.published_at <= timezone.now()
    assert fresh(article).corrected_at == stored.published_at
    assert note.key == stored.key

    # Later publications (an edit of the lead, from the latest revision) leave it alone.
    page = fresh(article).get_latest_revision_as_object()
    assert [n.published_at for n in page.corrections.all()] == [stored.published_at]
    page.lead = "Группа «Северный ветер» сыграет в субботу."
    page.save_revision().publish()
    again = ArticleCorrection.objects.get()
    assert (again.pk, again.published_at) == (stored.pk, stored.published_at)


def test_a_note_saved_in_a_draft_is_not_public_until_published(article, client):
    page = fresh(article).get_latest_revision_as_object()
    page.corrections.add(ArticleCorrection(text="Черновик заметки."))
    page.save_revision()
    assert not ArticleCorrection.objects.exists()
    assert fresh(article).corrected_at is None
    assert "Черновик заметки" not in client.get(article.url).content.decode()


def test_publishing_an_older_revision_keeps_the_published_notes(article):
    """A correction is public record: reverting to a revision from before it (or one that
    dropped it) publishes that text, and the note stays."""
    old_revision = fresh(article).save_revision()
    old_revision.publish()
    services.publish_correction(article, "Исправлена фамилия солиста.")
    old_revision.publish()
    page = fresh(article)
    assert [n.text for n in page.correction_list] == ["Исправлена фамилия солиста."]
    assert page.corrected_at == page.correction_list[0].published_at


def test_the_note_text_gets_the_newsroom_typography(article):
    services.publish_correction(article, 'Ранее было указано "Северный ветер" - это ошибка.')
    assert ArticleCorrection.objects.get().text == (
        "Ранее было указано «Северный ветер»\u00a0— это ошибка."
    )


# -- the service -------------------------------------------------------------------------------
def test_publishing_a_correction_purges_exactly_what_shows_the_article(article, purged):
    """The article (its page, the cards, feed items and fragments that declare it) and the
    lists it is in, by the same keys any publication of it purges: never the whole site."""
    expected = {
        surrogate.article(article.pk),
        surrogate.LISTING_SITE,
        surrogate.listing_rubric(article.get_parent().pk),
        surrogate.listing_tag(article.tagged_items.get().tag_id),
        surrogate.listing_author(article.authors.get().pk),
        surrogate.article_ids(article.pk),
    }
    assert services.article_keys(article) == expected
    purged.clear()
    services.publish_correction(article, "Уточнено время начала.")
    assert purged.keys == expected
    assert surrogate.SITE not in purged.keys


def test_the_signal_names_the_notes_a_publication_published_first(article):
    received = []

    def listen(sender, article, notes, **kwargs):
        received.append((article.pk, [note.text for note in notes]))

    article_corrected.connect(listen)
    try:
        services.publish_correction(article, "Первое исправление.")
        page = fresh(article).get_latest_revision_as_object()
        page.lead = "Другой лид."
        page.save_revision().publish()  # no new note: no signal
    finally:
        article_corrected.disconnect(listen)
    assert received == [(article.pk, ["Первое исправление."])]


@pytest.mark.parametrize(
    ("case", "text"),
    [("empty", "   "), ("draft", "Есть что исправить."), ("unpublished changes", "Правка.")],
)
def test_the_service_refuses_what_it_cannot_publish_with_a_reason(
    case, text, article, article_factory
):
    target = article
    if case == "draft":
        target = article_factory("Ещё не вышел", live=False)
    if case == "unpublished changes":
        page = fresh(article)
        page.lead = "Черновик нового лида."
        page.save_revision()
        target = fresh(article)
    with pytest.raises(services.CorrectionRefused) as refused:
        services.publish_correction(target, text)
    assert str(refused.value)
    assert not ArticleCorrection.objects.exists()


# -- the page ----------------------------------------------------------------------------------
def test_the_page_shows_corrections_newest_first_under_the_text_with_russian_dates(article, client):
    services.publish_correction(article, "Исправлена дата концерта.")
    services.publish_correction(article, "Уточнено название клуба.")
    older, newer = ArticleCorrection.objects.order_by("published_at")
    this_year = timezone.localdate().year
    set_time(older, datetime(2021, 3, 28, 20, 53, tzinfo=MOSCOW))
    set_time(newer, datetime(this_year, 1, 5, 9, 7, tzinfo=MOSCOW))

    page = document(client.get(article.url))
    [block] = page.xpath("//section[@class='article__corrections']")
    heading_id = block.get("aria-labelledby")
    [heading] = block.xpath(f".//h2[@id='{heading_id}']")
    assert heading.text_content() == "Исправления"
    items = [" ".join(li.text_content().split()) for li in block.xpath(".//li")]
    assert items == [
        "Исправлено 5 января, 09:07: Уточнено название клуба.",
        "Исправлено 28 марта 2021, 20:53: Исправлена дата концерта.",
    ]
    times = block.xpath(".//time/@datetime")
    assert times == [f"{this_year}-01-05T09:07:00+03:00", "2021-03-28T20:53:00+03:00"]
    # Under the text, before the tags.
    order = list(page.iter())
    body = page.xpath("//div[@class='article__body']")[0]
    tags = page.xpath("//ul[@class='article__tags']")[0]  # the design's list of tags
    assert order.index(body) < order.index(block) < order.index(tags)


def test_one_note_is_headed_in_the_singular(article, client):
    services.publish_correction(article, "Исправлена опечатка в имени.")
    [heading] = document(client.get(article.url)).xpath("//h2[@id='article-corrections-title']")
    assert heading.text_content() == "Исправление"


def test_an_article_never_corrected_has_no_block(article, client):
    assert not document(client.get(article.url)).xpath("//*[@class='article__corrections']")


@pytest.mark.parametrize("notes", [0, 1, 3])
def test_the_cold_article_page_reads_its_notes_in_one_query(
    notes, article, client, django_assert_num_queries
):
    """17 queries with every store cold (the pin of test_article_page), plus one for the
    notes of a corrected article however many it has; none when it has none."""
    for number in range(notes):
        services.publish_correction(article, f"Исправление номер {number + 1}.")
    client.get(article.url)
    taggedcache.store().clear()
    with django_assert_num_queries(17 + (1 if notes else 0)):
        response = client.get(article.url)
    assert response.content.decode().count('class="article__correction"') == notes


def test_a_preview_shows_a_note_not_yet_published(article, admin_client):
    page = fresh(article).get_latest_revision_as_object()
    page.corrections.add(ArticleCorrection(text="Будет опубликовано."))
    page.save_revision()
    from django.urls import reverse

    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[article.pk]))
    assert "Будет опубликовано." in response.content.decode()
    assert "Исправлено " in response.content.decode()


# -- the admin form ----------------------------------------------------------------------------
def test_the_editor_dates_notes_by_publishing_and_cannot_type_the_time(article, admin_client):
    form = admin_client.get(edit_url(article))
    data = page_form(form, action="action-publish")
    assert not any(name.endswith("-published_at") for name in data)
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-text": "Исправлено название группы.",
            "corrections-0-ORDER": "1",
            "corrections-0-DELETE": "",
            "corrections-0-id": "",
        }
    )
    before = timezone.now()
    response = admin_client.post(edit_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    note = ArticleCorrection.objects.get()
    assert note.text == "Исправлено название группы." and note.published_at >= before


def test_the_form_refuses_to_remove_a_published_note_and_says_why(article, admin_client):
    services.publish_correction(article, "Исправлена дата.")
    data = page_form(admin_client.get(edit_url(article)), action="action-publish")
    assert data["corrections-0-text"].strip() == "Исправлена дата."
    shown = admin_client.get(edit_url(article)).content.decode()
    note = ArticleCorrection.objects.get()
    assert label_of(note) in shown  # its time, read-only, as readers see it
    data["corrections-0-DELETE"] = "1"
    response = admin_client.post(edit_url(article), data)
    assert response.status_code == 200
    assert "Опубликованное исправление нельзя удалить" in response.content.decode()
    assert ArticleCorrection.objects.get().text == "Исправлена дата."


def test_a_note_not_yet_published_may_be_removed(article, admin_client):
    page = fresh(article).get_latest_revision_as_object()
    page.corrections.add(ArticleCorrection(text="Лишняя заметка."))
    page.save_revision()
    form = admin_client.get(edit_url(article))
    assert "при публикации" in form.content.decode()  # no time before it is published
    data = page_form(form, action="action-publish")
    assert data["corrections-0-text"].strip() == "Лишняя заметка."
    data["corrections-0-DELETE"] = "1"
    response = admin_client.post(edit_url(article), data)
    assert response.status_code == 302
    assert not ArticleCorrection.objects.exists()
    assert fresh(article).corrected_at is None


# -- the command -------------------------------------------------------------------------------
def test_the_command_publishes_a_correction_through_the_service(article):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("correct", str(article.pk), "Уточнён адрес клуба.", stdout=out)
    note = ArticleCorrection.objects.get()
    assert note.text == "Уточнён адрес клуба." and note.published_at is not None
    assert out.getvalue().startswith("Исправлено ")
    call_command("correct", article.url, "Ещё одна правка.", stdout=StringIO())
    assert ArticleCorrection.objects.count() == 2


@pytest.mark.parametrize(
    ("reference", "text", "message"),
    [("999999", "Правка.", "Нет такого материала"), (None, " ", "Пустое исправление")],
    ids=["unknown article", "empty text"],
)
def test_the_command_says_why_it_refuses(reference, text, message, article):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match=message):
        call_command("correct", reference or str(article.pk), text)


def test_a_copy_of_a_corrected_article_starts_without_its_notes(article):
    services.publish_correction(article, "Исправлена дата.")
    copy = fresh(article).copy(update_attrs={"slug": "kopiya", "title": "Копия"})
    copy = ArticlePage.objects.get(pk=copy.pk)
    assert copy.corrected_at is None and not copy.corrections.exists()
    assert ArticleCorrection.objects.filter(page_id=article.pk).count() == 1


def test_a_miss_with_the_text_stored_reads_the_notes_once_for_the_structured_data(
    article, client, django_assert_num_queries
):
    """The usual miss (3 queries: the article, its authors, its tags) plus the notes, which
    the page's JSON-LD lists; the stored text already holds the block."""
    from tests.core.pages import forget_page

    services.publish_correction(article, "Исправлено время.")
    client.get(article.url)
    forget_page(article.url)
    with django_assert_num_queries(4):
        response = client.get(article.url)
    assert response["X-Polosa-Cache"] == "miss"
    assert "Исправлено время." in response.content.decode()

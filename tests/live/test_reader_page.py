"""The reader's page of a live blog: newest entry first, key events as a summary with
anchors, entry times as «18:50» today and the full Russian date otherwise, every entry in
the HTML (nothing needs JavaScript), the same legal labels as an article, and a fixed
number of queries however many entries there are."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from polosa.core import dates
from polosa.live import services
from polosa.news import content
from tests.text import plain

from .conftest import UNCERTAIN, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_pages(settings):
    settings.POLOSA_PAGE_CACHE_SECONDS = 0
    settings.POLOSA_ARTICLE_TEXT_CACHE_SECONDS = 0


def page_of(client, blog):
    response = client.get(blog.url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def by_class(node, name: str) -> list:
    return node.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def entry_ids(tree) -> list[str]:
    return [node.get("id") for node in by_class(by_class(tree, "live-entries")[0], "live-entry")]


def test_entries_are_shown_newest_first(client, blog, add_entry):
    first = add_entry("Открытие", minutes_ago=40)
    third = add_entry("Финал", minutes_ago=2)
    second = add_entry("Середина", minutes_ago=20)
    tree = page_of(client, blog)
    assert entry_ids(tree) == [third.anchor, second.anchor, first.anchor]


def test_key_events_are_summarised_on_top_with_links_to_their_entries(client, blog, add_entry):
    add_entry("Обычная запись", minutes_ago=30)
    opened = add_entry("Двери открыты", minutes_ago=20, key_event=True, title="Начало")
    result = add_entry("Объявлены итоги", minutes_ago=1, key_event=True, title="Итоги")
    tree = page_of(client, blog)
    [summary] = by_class(tree, "live-summary")
    links = summary.xpath(".//a")
    assert [link.get("href") for link in links] == [f"#{result.anchor}", f"#{opened.anchor}"]
    titles = [
        plain(link.text_content()).removeprefix(plain(link.xpath("string(.//time)"))).strip()
        for link in links
    ]  # without the time, which is a full date for an entry from before midnight
    assert titles == ["Итоги", "Начало"]
    # The summary comes before the entries it points to.
    page = lxml_html.tostring(tree, encoding="unicode")
    assert page.index("live-summary") < page.index(f'id="{result.anchor}"')


def test_no_summary_shown_without_key_events(client, blog, add_entry):
    """While the blog is live the empty summary is in the page, hidden (the script shows it
    when a key event arrives); a finished blog without key events has none."""
    add_entry("Обычная запись")
    [summary] = by_class(page_of(client, blog), "live-summary")
    assert summary.get("hidden") is not None and not summary.xpath(".//li")
    blog.status = "finished"
    blog.save_revision().publish()
    assert not by_class(page_of(client, blog), "live-summary")


def test_times_are_the_clock_today_and_the_full_date_on_other_days(client, blog, add_entry):
    now = timezone.now()
    today = add_entry("Сейчас", minutes_ago=0)
    old = services.add_entry(
        blog, body=paragraph("Давно"), shown_at=now - timedelta(days=3, hours=1)
    )
    tree = page_of(client, blog)
    shown = {
        node.getparent().getparent().getparent().get("id"): node.text_content()
        for node in tree.xpath('.//a[@class="live-entry__time"]/time')
    }
    local = timezone.localtime(today.shown_at)
    assert shown[today.anchor] == f"{local:%H:%M}"
    assert shown[old.anchor] == dates.format_published(
        old.shown_at, now, timezone.get_current_timezone()
    )
    assert re.fullmatch(r"\d{1,2} [а-я]+(?: \d{4})?, \d\d:\d\d", shown[old.anchor])


def test_every_entry_is_in_the_page_without_javascript(client, blog, add_entry):
    entries = [add_entry(f"Запись номер {number}", minutes_ago=number) for number in range(12)]
    response = client.get(blog.url)
    text = response.content.decode()
    tree = lxml_html.fromstring(text)
    assert set(entry_ids(tree)) == {entry.anchor for entry in entries}
    scripts = [s for s in tree.xpath("//script") if s.get("type") != "application/ld+json"]
    assert all(script.get("src") and not (script.text or "").strip() for script in scripts)
    assert "/static/live/live.js" in [script.get("src") for script in scripts]
    [entries_block] = by_class(tree, "live-entries")
    assert entries_block.get("data-version") == str(max(entry.version for entry in entries))
    assert entries_block.get("data-poll") == f"/_fragments/live/{blog.pk}/since/0/"
    assert by_class(tree, "live-entries__empty")[0].get("hidden") is not None


def test_a_finished_blog_says_so_and_shows_its_coverage_end(client, blog_factory, rubrics):
    start = timezone.now() - timedelta(days=2, hours=4)
    blog = blog_factory(
        "Финал кубка: как это было",
        status="finished",
        coverage_start=start,
        coverage_end=start + timedelta(hours=3),
        published_at=start,
    )
    tree = page_of(client, blog)
    status = by_class(tree, "live-blog__status")[0].text_content()
    assert status == "Онлайн-трансляция завершена"
    assert by_class(tree, "live-entries")[0].get("data-status") == "finished"


def test_an_entry_with_an_uncertain_mention_waits_for_the_reviewer(
    client, blog, add_entry, orlov, django_capture_on_commit_callbacks
):
    from polosa.legal import gate
    from polosa.legal.models import MentionReview

    shown = add_entry("Митинг начался.", minutes_ago=5)
    held = add_entry(UNCERTAIN, minutes_ago=1)
    assert entry_ids(page_of(client, blog)) == [shown.anchor]
    [review] = MentionReview.objects.filter(article_id=blog.pk)
    assert review.decision == MentionReview.Decision.PENDING and review.entry_key == "fa-orlov"

    with django_capture_on_commit_callbacks(execute=True):
        gate.decide(review, MentionReview.Decision.CONFIRMED, None)
    tree = page_of(client, blog)
    assert entry_ids(tree) == [held.anchor, shown.anchor]
    [entry] = tree.xpath(f'//*[@id="{held.anchor}"]')
    assert "Орлов*" in plain(entry.text_content())
    assert "иностранным агентом" in by_class(entry, "footnotes")[0].text_content()


def test_a_dismissed_mention_shows_the_entry_without_a_label(client, blog, add_entry, orlov):
    from polosa.legal import gate
    from polosa.legal.models import MentionReview

    held = add_entry(UNCERTAIN)
    gate.decide(MentionReview.objects.get(article_id=blog.pk), "dismissed", None)
    [entry] = page_of(client, blog).xpath(f'//*[@id="{held.anchor}"]')
    assert "Орлов*" not in entry.text_content() and not by_class(entry, "footnotes")


def test_a_sure_mention_is_labelled_in_the_entry_and_its_title(client, blog, orlov):
    entry = services.add_entry(
        blog,
        title="Пётр Орлов вышел к журналистам",
        body=paragraph("Орлов Пётр Ильич ответил на вопросы."),
        key_event=True,
    )
    tree = page_of(client, blog)
    [shown] = tree.xpath(f'//*[@id="{entry.anchor}"]')
    assert plain(by_class(shown, "live-entry__title")[0].text_content()).startswith("Пётр Орлов*")
    assert "Пётр Орлов*" in plain(by_class(tree, "live-summary")[0].text_content())


def test_the_foreign_agent_plaque_of_an_entrys_author(client, blog, orlov):
    author = content.ensure_author("Пётр Ильич Орлов")
    entry = services.add_entry(blog, body=paragraph("Колонка с места событий."), author=author)
    [shown] = page_of(client, blog).xpath(f'//*[@id="{entry.anchor}"]')
    plaque = by_class(shown, "legal-plaque")
    assert plaque and "иностранного агента" in plaque[0].text_content().lower()


def test_people_named_in_entries_are_linked_under_the_blog(client, blog, add_entry):
    from polosa.people.models import Person

    person = Person.objects.create(name="Вера Полозова", registry_name="Полозова Вера", slug="vera")
    add_entry("На сцену вышла Вера Полозова.")
    tree = page_of(client, blog)
    links = [a.get("href") for a in by_class(tree, "article__people")[0].xpath(".//a")]
    assert person.get_absolute_url() in links


def test_a_live_blog_naming_nobody_yet_keeps_a_hidden_people_block_for_the_script(
    client, blog, add_entry
):
    add_entry("Пока без имён.")
    [block] = by_class(page_of(client, blog), "article__people")
    assert block.get("hidden") is not None and block.xpath(".//li") == []


def test_a_finished_blog_naming_nobody_has_no_people_block(client, blog, add_entry):
    add_entry("Пока без имён.")
    blog.status = "finished"
    blog.save_revision().publish()
    assert by_class(page_of(client, blog), "article__people") == []


def json_ld(tree) -> list[dict]:
    return [json.loads(node.text) for node in tree.xpath('//script[@type="application/ld+json"]')]


REQUIRED_UPDATE = {"@type", "url", "headline", "articleBody", "datePublished", "dateModified"}


def test_structured_data_is_a_live_blog_posting_with_one_blog_posting_per_entry(
    client, blog_factory
):
    start = timezone.now() - timedelta(hours=5)
    blog = blog_factory(
        "Выборы: ночь подсчёта",
        coverage_start=start,
        coverage_end=start + timedelta(hours=4),
        status="finished",
        published_at=start,
    )
    first = services.add_entry(blog, body=paragraph("Участки закрылись."), shown_at=start)
    last = services.add_entry(
        blog,
        title="Итоги",
        body=paragraph("Подсчёт завершён."),
        shown_at=start + timedelta(hours=3),
    )
    [posting] = [d for d in json_ld(page_of(client, blog)) if d["@type"] == "LiveBlogPosting"]
    assert posting["@context"] == "https://schema.org"
    assert posting["coverageStartTime"] == timezone.localtime(start).isoformat(timespec="seconds")
    end = timezone.localtime(start + timedelta(hours=4))
    assert posting["coverageEndTime"] == end.isoformat(timespec="seconds")
    updates = posting["liveBlogUpdate"]
    assert [u["url"].rsplit("#", 1)[1] for u in updates] == [last.anchor, first.anchor]
    for update in updates:
        assert set(update) >= REQUIRED_UPDATE and update["@type"] == "BlogPosting"
        assert timezone.datetime.fromisoformat(update["datePublished"]).tzinfo is not None
    assert updates[0]["headline"] == "Итоги" and updates[0]["articleBody"] == "Подсчёт завершён."
    assert updates[1]["headline"] == "Выборы: ночь подсчёта"
    assert posting["dateModified"] >= posting["datePublished"]


def test_a_live_blog_still_live_has_no_coverage_end(client, blog, add_entry):
    add_entry("Идёт")
    [posting] = [d for d in json_ld(page_of(client, blog)) if d["@type"] == "LiveBlogPosting"]
    assert "coverageEndTime" not in posting and len(posting["liveBlogUpdate"]) == 1


@pytest.mark.parametrize("count", [3, 15])
def test_the_page_costs_the_same_queries_however_many_entries(
    client, blog, add_entry, count, django_assert_num_queries
):
    for number in range(count):
        add_entry(f"Запись {number}", minutes_ago=number, key_event=number % 4 == 0)
    client.get(blog.url)  # the site, rubrics and settings are remembered after one view
    with django_assert_num_queries(QUERIES_PER_VIEW):
        client.get(blog.url)


#: Once the site, rubrics and settings are remembered: the article routing query, the live
#: blog's own row (the specific page), the entries with their authors (one query), the
#: people directory's names for the matcher, the byline's authors, the tags.
QUERIES_PER_VIEW = 6


class Clock:
    """The site's clock, as both Django (``timezone.now``) and the tagged store read it."""

    def __init__(self, moment):
        self.moment = moment

    def now(self):
        return self.moment

    def time(self) -> float:
        return self.moment.timestamp()

    monotonic = time


@pytest.fixture
def clock(monkeypatch, settings):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from polosa.core import taggedcache

    settings.REDIS_URL = ""  # the store's own clock is this one (Redis keeps its own)
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    taggedcache.reset_store()
    fake = Clock(datetime(2026, 5, 18, 23, 50, tzinfo=ZoneInfo("Europe/Moscow")))
    monkeypatch.setattr(timezone, "now", fake.now)
    monkeypatch.setattr(taggedcache, "time", fake)
    return fake


def test_a_page_cached_before_midnight_is_not_served_after_it(client, blog_factory, clock):
    """At 23:50 the entry reads «23:40» and the page is kept 10 minutes at most, never
    served stale; after midnight the next reader gets the full date."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    evening = datetime(2026, 5, 18, 22, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    blog = blog_factory(published_at=evening)
    entry = services.add_entry(
        blog, body=paragraph("Поздняя запись"), shown_at=evening + timedelta(minutes=100)
    )

    def shown_time(response) -> str:
        tree = lxml_html.fromstring(response.content.decode())
        [node] = tree.xpath(f'//*[@id="{entry.anchor}"]//a[@class="live-entry__time"]/time')
        return node.text_content()

    first = client.get(blog.url)
    assert first["X-Polosa-Cache"] == "miss" and shown_time(first) == "23:40"
    control = first["Cache-Control"]
    assert "s-maxage=600" in control and "stale-while-revalidate=0" in control
    clock.moment += timedelta(minutes=5)
    assert client.get(blog.url)["X-Polosa-Cache"] == "hit"
    clock.moment += timedelta(minutes=5, seconds=30)  # 00:00:30
    after = client.get(blog.url)
    assert after["X-Polosa-Cache"] == "miss" and shown_time(after) == "18 мая, 23:40"

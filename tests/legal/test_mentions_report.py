"""The mentions report: which published articles mention which registry entries and how
each stands, filterable by registry, entry, period and status, exportable as CSV; the
article list's «с маркировкой» filter and column. The index behind them follows
publications, decisions and the archive rescan."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import RichText

from polosa.legal import gate, mentions, services
from polosa.legal.models import ArticleMention, MentionReview, RegistryEntry

pytestmark = pytest.mark.django_db

REPORT = "/admin/legal/mentions/"


def moment(day: int) -> datetime:
    return timezone.make_aware(datetime(2026, 10, day, 12, 0))


@pytest.fixture
def orlov(fresh_registry):
    return RegistryEntry.objects.create(
        external_id="fa-orlov", kind="foreign_agent", entity_type="person", name="Орлов Пётр Ильич"
    )


@pytest.fixture
def archive(orlov, article_factory):
    """Three published articles: a foreign agent marked, Meta marked, an uncertain Орлов."""

    def make(title, text, day):
        article = article_factory(
            title, published_at=moment(day), body=[("paragraph", RichText(f"<p>{text}</p>"))]
        )
        gate.pending_reviews(article)  # as the publishing gate records them
        mentions.index_article(article)
        return article

    return {
        "agent": make("Концерт", "Выступил Аркадий Перепёлкин.", 3),
        "meta": make("Соцсети", "Запрет Instagram продлили.", 10),
        "uncertain": make("Митинг", "Вчера Орлов выступил на митинге.", 20),
        "clean": make("Погода", "Будет солнечно, обещает фонд «Солнечно».", 21),
    }


@pytest.fixture
def lawyer(client):
    user = User.objects.create_user("lawyer", "lawyer@example.com", "pw")
    user.groups.add(Group.objects.get(name=gate.LEGAL_GROUP))
    client.force_login(user)
    client.user = user
    return client


def rows():
    return set(ArticleMention.objects.values_list("article__title", "entry__name", "status"))


def test_the_index_holds_every_mention_with_how_readers_see_it(archive):
    assert rows() == {
        ("Концерт", "Перепёлкин Аркадий Семёнович", "marked"),
        ("Соцсети", "Meta Platforms Inc.", "marked"),
        ("Митинг", "Орлов Пётр Ильич", "pending"),
    }


def test_a_decision_moves_the_mention_in_the_index(archive, on_commit_at_once):
    review = MentionReview.objects.get(entry_key="fa-orlov")
    services.review_decide(review=review, decision=MentionReview.Decision.DISMISSED, user=None)
    assert ("Митинг", "Орлов Пётр Ильич", "dismissed") in rows()


def test_the_archive_rescan_indexes_articles_after_a_registry_change(archive, on_commit_at_once):
    from polosa.legal import registry

    with_new = RegistryEntry(
        external_id="un-sun",
        kind="undesirable",
        entity_type="organisation",
        name="Фонд «Солнечно»",
        aliases="Солнечно",
    )
    with_new.save()  # the admin's edit: the registry changes, the rescan runs
    registry.forget()
    assert ("Погода", "Фонд «Солнечно»", "marked") in rows()


def test_an_unpublished_article_leaves_the_index(archive):
    archive["agent"].unpublish()
    assert "Концерт" not in {title for title, _, _ in rows()}


def report(client, **params):
    response = client.get(REPORT, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({}, ["Концерт", "Соцсети", "Митинг"], ["Погода"]),
        ({"kind": "extremist"}, ["Соцсети"], ["Концерт", "Митинг"]),
        ({"entry": "Перепёлк"}, ["Концерт"], ["Соцсети", "Митинг"]),
        ({"status": "pending"}, ["Митинг"], ["Концерт", "Соцсети"]),
        (
            {"published_after": "2026-10-05", "published_before": "2026-10-15"},
            ["Соцсети"],
            ["Концерт", "Митинг"],
        ),
    ],
    ids=["everything", "by registry", "by entry", "by status", "by period"],
)
def test_the_report_filters_by_registry_entry_period_and_status(
    lawyer, archive, params, shown, hidden
):
    page = report(lawyer, **params)
    for title in shown:
        assert title in page, title
    for title in hidden:
        assert f">{title}<" not in page, title


def test_the_report_exports_csv_with_its_filter(lawyer, archive):
    response = lawyer.get(REPORT, {"export": "csv", "kind": "foreign_agent"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(content)))
    assert table[0] == [
        "Материал",
        "Адрес",
        "Опубликовано",
        "Запись реестра",
        "Реестр",
        "Найдено",
        "Состояние",
    ]
    by_title = {row[0]: row for row in table[1:]}
    assert set(by_title) == {"Концерт", "Митинг"}
    assert by_title["Концерт"][3:] == [
        "Перепёлкин Аркадий Семёнович",
        "иностранные агенты",
        "Аркадий Перепёлкин",
        "с маркировкой",
    ]
    assert by_title["Концерт"][1].startswith("http")


def test_the_report_is_for_lawyers_and_administrators(client, archive):
    user = User.objects.create_user("intern", "intern@example.com", "pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(REPORT).status_code in (302, 403)


@pytest.mark.parametrize(
    ("labelled", "shown", "hidden"),
    [
        ("true", ["Концерт", "Соцсети"], ["Митинг", "Погода"]),
        ("false", ["Митинг", "Погода"], ["Концерт", "Соцсети"]),
    ],
    ids=["with marks", "without marks"],
)
def test_the_article_list_filters_by_marks_and_shows_them(
    admin_client, archive, labelled, shown, hidden
):
    response = admin_client.get(reverse("legal_articles:index"), {"labelled": labelled})
    assert response.status_code == 200
    page = response.content.decode()
    assert "С маркировкой" in page
    for title in shown:
        assert title in page, title
    for title in hidden:
        assert title not in page, title


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    return client

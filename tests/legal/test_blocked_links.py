"""Links to blocked resources: the registry of sites, Telegram channels and accounts comes
from a CSV; links to them in an article are found at save and review time, listed for the
reviewer, shown without the link until decided, then removed with their text or kept as
plain text — recorded with who and when in the article's history; feeds and Telegram
follow, and an article without such links costs no query more."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.rich_text import RichText

from polosa.distribution import articles as distribution_articles
from polosa.legal import gate, registry, services
from polosa.legal.engine import RegistryFormatError
from polosa.legal.engine.links import REMOVED, UNLINKED, find, link_keys, resource_key, rewrite
from polosa.legal.importers.blocked_csv import parse_blocked_csv
from polosa.legal.models import BlockedResource, LinkReview

BLOCKED_CSV = (
    "kind,address,note,included_on\n"
    "site,zapretny-portal.example,Решение суда от 01.02.2024,2024-02-01\n"
    "telegram,@tenevoy_kanal,Решение суда от 03.03.2024,03.03.2024\n"
    "account,https://www.instagram.com/vetrov_blog/,,\n"
).encode()

# -- the pure core ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "address", "key"),
    [
        ("site", "zapretny-portal.example", "zapretny-portal.example"),
        ("site", "https://www.Zapretny-Portal.example/news/1", "zapretny-portal.example"),
        ("site", "xn--80akjlliq1g.example", "апельсин.example"),
        ("telegram", "@Tenevoy_Kanal", "t.me/tenevoy_kanal"),
        ("telegram", "https://t.me/s/tenevoy_kanal", "t.me/tenevoy_kanal"),
        ("telegram", "tenevoy_kanal", "t.me/tenevoy_kanal"),
        ("social", "https://twitter.com/vetrov_blog", "x.com/vetrov_blog"),
        ("social", "m.vk.com/vetrov_blog", "vk.com/vetrov_blog"),
        ("social", "instagram.com", ""),
    ],
)
def test_a_resource_is_keyed_however_the_registry_writes_it(kind, address, key):
    assert resource_key(kind, address) == key


@pytest.mark.parametrize(
    ("href", "blocked"),
    [
        ("https://zapretny-portal.example/a", True),
        ("http://news.zapretny-portal.example/a?b=1", True),
        ("//zapretny-portal.example", True),
        ("https://zapretny-portal.example.org/", False),
        ("https://t.me/tenevoy_kanal/123", True),
        ("https://telegram.me/tenevoy_kanal", True),
        ("tg://resolve?domain=tenevoy_kanal", True),
        ("https://t.me/drugoy_kanal", False),
        ("https://instagram.com/vetrov_blog/p/xyz", True),
        ("https://instagram.com/other_blog", False),
        ("/novosti/statya/", False),
        ("mailto:someone@zapretny-portal.example", False),
    ],
)
def test_a_link_is_blocked_when_any_of_its_keys_is(href, blocked):
    keys = {"zapretny-portal.example", "t.me/tenevoy_kanal", "instagram.com/vetrov_blog"}
    assert bool(set(link_keys(href)) & keys) is blocked


HTML = (
    '<p>Читайте <a href="https://zapretny-portal.example/x">здесь</a> и '
    '<a href="https://polosa.example/">у нас</a>.</p>'
)


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (None, '<p>Читайте здесь и <a href="https://polosa.example/">у нас</a>.</p>'),
        (UNLINKED, '<p>Читайте здесь и <a href="https://polosa.example/">у нас</a>.</p>'),
        (REMOVED, '<p>Читайте  и <a href="https://polosa.example/">у нас</a>.</p>'),
    ],
    ids=["undecided: unlinked", "unlinked", "removed with its text"],
)
def test_a_blocked_link_is_rewritten_as_decided(decision, expected):
    (link,) = find(HTML, {"zapretny-portal.example"})
    decisions = {link.decision_key: decision} if decision else {}
    assert rewrite(HTML, [link], decisions) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"address\nx.example\n", "нет столбца «kind»"),
        (b"kind,address\nforum,x.example\n", "строка 2: неизвестный вид «forum»"),
        (b"kind,address\nsite,\n", "строка 2: не удаётся разобрать адрес"),
        (
            b"kind,address\nsite,x.example\nsite,www.x.example\n",
            "строка 3: «www.x.example» повторяет строку 2",
        ),
        (b"kind,address\n", "нет ни одного ресурса"),
    ],
    ids=["no kind column", "unknown kind", "no address", "a repeat", "empty"],
)
def test_a_broken_csv_is_refused_naming_the_line(data, message):
    with pytest.raises(RegistryFormatError, match=message):
        parse_blocked_csv(data)


# -- the app ---------------------------------------------------------------------------------


BODY = (
    '<p>Подробности — в канале <a href="https://t.me/tenevoy_kanal">«Теневой канал»</a>, '
    'а разбор — на <a href="https://zapretny-portal.example/razbor">портале</a>. '
    'Наш сайт: <a href="https://polosa.example/">«Полоса»</a>.</p>'
)


@pytest.fixture
def blocked(fresh_registry):
    services.blocked_import(parse_blocked_csv(BLOCKED_CSV), source_name="blocked.csv")
    registry.forget()


@pytest.fixture
def article(blocked, article_factory):
    return article_factory("Где читать", body=[("paragraph", RichText(BODY))])


@pytest.fixture
def lawyer(client, db):
    user = User.objects.create_user("lawyer", "lawyer@example.com", "pw")
    user.groups.add(Group.objects.get(name=gate.LEGAL_GROUP))
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.django_db
def test_the_csv_upload_fills_the_registry_of_blocked_resources(client, fresh_registry):
    client.force_login(User.objects.create_superuser("chief", "chief@example.com", "pw"))
    response = client.post(
        reverse("legal_import"),
        {"fmt": "blocked", "file": SimpleUploadedFile("blocked.csv", BLOCKED_CSV)},
        follow=True,
    )
    assert "Заблокированные ресурсы: импортировано — 3" in response.content.decode()
    assert set(BlockedResource.objects.values_list("key", flat=True)) == {
        "zapretny-portal.example",
        "t.me/tenevoy_kanal",
        "instagram.com/vetrov_blog",
    }


@pytest.mark.django_db
def test_a_broken_csv_upload_changes_nothing(client, fresh_registry):
    client.force_login(User.objects.create_superuser("chief", "chief@example.com", "pw"))
    response = client.post(
        reverse("legal_import"),
        {"fmt": "blocked", "file": SimpleUploadedFile("b.csv", b"kind,address\nforum,x\n")},
    )
    assert response.status_code == 200
    assert "неизвестный вид «forum»" in response.content.decode()
    assert not BlockedResource.objects.exists()


@pytest.mark.django_db
def test_the_archive_rescan_finds_links_and_until_decided_readers_get_plain_text(
    client, fresh_registry, article_factory
):
    earlier = article_factory("Где читать", body=[("paragraph", RichText(BODY))])
    assert 'href="https://t.me/tenevoy_kanal"' in client.get(earlier.url).content.decode()
    services.blocked_import(parse_blocked_csv(BLOCKED_CSV), source_name="blocked.csv")
    assert set(LinkReview.objects.values_list("href", "decision")) == {
        ("https://t.me/tenevoy_kanal", "pending"),
        ("https://zapretny-portal.example/razbor", "pending"),
    }
    page = client.get(earlier.url).content.decode()
    assert "tenevoy_kanal" not in page and "zapretny-portal" not in page
    assert "«Теневой канал»," in page and "портале." in page  # their text stays
    assert 'href="https://polosa.example/"' in page


@pytest.mark.django_db
def test_the_reviewer_removes_one_link_and_unlinks_another(lawyer, client, article):
    url = reverse("legal_reviews", args=[article.pk])
    listing = lawyer.get(url).content.decode()
    assert "https://t.me/tenevoy_kanal" in listing and "Решение суда от 03.03.2024" in listing
    channel = LinkReview.objects.get(resource_key="t.me/tenevoy_kanal")
    portal = LinkReview.objects.get(resource_key="zapretny-portal.example")
    lawyer.post(url, {"link": channel.pk, "decision": "removed"})
    lawyer.post(url, {"link": portal.pk, "decision": "unlinked"})
    channel.refresh_from_db()
    assert (channel.decision, channel.decided_by) == ("removed", lawyer.user)
    lawyer.logout()
    page = client.get(article.url).content.decode()
    assert "Теневой канал" not in page
    assert "портале." in page
    article.refresh_from_db()
    labelled = distribution_articles.labelled(article, str(article.body.render_as_block()))
    assert "Теневой канал" not in labelled.body_html and "zapretny" not in labelled.body_html
    history = PageLogEntry.objects.filter(page=article, action=services.LOG_LINK_DECIDED)
    assert history.count() == 2


@pytest.mark.django_db
def test_links_are_found_when_the_article_is_saved_and_the_editor_is_told(
    lawyer, blocked, article_factory
):
    admin = User.objects.create_superuser("chief", "chief@example.com", "pw")
    lawyer.force_login(admin)
    draft = article_factory("Черновик", live=False, body=[("paragraph", RichText("<p>x</p>"))])
    draft.body = [("paragraph", RichText(BODY))]
    draft.save_revision()
    # Wagtail's hook runs after the editor's save; the editor's next opening says so.
    response = lawyer.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    text = response.content.decode()
    assert "2 ссылки на заблокированные ресурсы ждут решения юриста" in text
    assert LinkReview.objects.filter(article=draft).count() == 2


@pytest.mark.django_db
def test_a_page_without_blocked_links_keeps_its_17_cold_queries(
    client, blocked, article_factory, django_assert_num_queries
):
    from polosa.core import taggedcache
    from tests.core.pages import forget_page

    plain = article_factory("Без ссылок", body=[("paragraph", RichText("<p>Текст.</p>"))])
    client.get(plain.url)
    taggedcache.store().clear()
    forget_page(plain.url)
    with django_assert_num_queries(17):
        assert client.get(plain.url).status_code == 200


# -- the publishing gate ---------------------------------------------------------------------


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def draft_with_links(blocked, article_factory):
    return article_factory("Где читать", live=False, body=[("paragraph", RichText(BODY))])


def _publish_via_editor(client, article):
    from tests.legal.test_gate import edit_data

    return client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        edit_data(article, BODY),
        follow=True,
    )


def _is_live(article) -> bool:
    from polosa.news.models import ArticlePage

    return ArticlePage.objects.get(pk=article.pk).live


def test_an_undecided_blocked_link_stops_the_editors_publish_button(
    editor_client, draft_with_links
):
    text = _publish_via_editor(editor_client, draft_with_links).content.decode()
    assert "ссылки на заблокированные ресурсы" in text
    assert "https://t.me/tenevoy_kanal" in text
    assert "Проверить упоминания и ссылки" in text
    assert not _is_live(draft_with_links)
    assert LinkReview.objects.filter(article=draft_with_links, decision="pending").count() == 2


def test_every_other_publish_path_is_refused_while_a_link_waits(editor_client, draft_with_links):
    from polosa.news.models import ArticlePage

    revision = ArticlePage.objects.get(pk=draft_with_links.pk).save_revision(
        user=editor_client.user
    )
    with pytest.raises(gate.PublishingBlocked, match="https://zapretny-portal.example/razbor"):
        revision.publish(user=editor_client.user)
    assert not _is_live(draft_with_links)


def test_the_article_publishes_once_every_link_is_decided(editor_client, draft_with_links):
    _publish_via_editor(editor_client, draft_with_links)
    url = reverse("legal_reviews", args=[draft_with_links.pk])
    for row, decision in zip(
        LinkReview.objects.filter(article=draft_with_links).order_by("href"),
        ("unlinked", "removed"),
        strict=True,
    ):
        editor_client.post(url, {"link": row.pk, "decision": decision})
    _publish_via_editor(editor_client, draft_with_links)
    assert _is_live(draft_with_links)
    page = editor_client.get(draft_with_links.url).content.decode()
    assert "tenevoy_kanal" not in page and "zapretny-portal" not in page


def test_a_scheduled_publication_is_held_until_the_links_are_decided(
    editor_client, draft_with_links
):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from polosa.news.models import ArticlePage

    page = ArticlePage.objects.get(pk=draft_with_links.pk)
    page.go_live_at = timezone.now() - timedelta(minutes=1)
    revision = page.save_revision(user=editor_client.user)
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])

    call_command("publish_scheduled", verbosity=0)
    assert not _is_live(draft_with_links)
    for row in LinkReview.objects.filter(article=draft_with_links):
        services.link_decide(link=row, decision=UNLINKED, user=editor_client.user)
    call_command("publish_scheduled", verbosity=0)
    assert _is_live(draft_with_links)


def test_the_gate_lists_mentions_and_links_together(draft_with_links):
    pending = gate.pending_decisions(draft_with_links)
    assert pending and not pending.mentions
    assert {row.resource_key for row in pending.links} == {
        "t.me/tenevoy_kanal",
        "zapretny-portal.example",
    }
    assert "https://t.me/tenevoy_kanal" in gate.plain_message(pending)


def test_the_lawyers_queue_lists_pending_links_across_articles_and_decides(lawyer, article):
    gate.pending_decisions(article)  # as the gate and the editor record them
    listing = lawyer.get(
        reverse("wagtailsnippets_legal_linkreview:list"), {"decision": "pending"}
    ).content.decode()
    assert "https://t.me/tenevoy_kanal" in listing and "Где читать" in listing
    assert "wagtailsnippets_legal_linkreview:add" not in listing
    row = LinkReview.objects.get(resource_key="t.me/tenevoy_kanal")
    response = lawyer.post(
        reverse("wagtailsnippets_legal_linkreview:edit", args=[row.pk]), {"decision": "removed"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.decision, row.decided_by) == ("removed", lawyer.user)
    assert PageLogEntry.objects.filter(page=article, action=services.LOG_LINK_DECIDED).count() == 1


def test_the_dashboard_counts_the_links_waiting_for_a_lawyer(lawyer, article):
    gate.pending_decisions(article)
    text = lawyer.get(reverse("wagtailadmin_home")).content.decode()
    assert "Ссылок на заблокированные ресурсы ждут решения юриста: 2." in text

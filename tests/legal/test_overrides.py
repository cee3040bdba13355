"""Per-article overrides: a reviewer forces a mark the engine missed or takes a sure one off;
who, when and why are kept and shown in the article's history; the page, feeds and the
Telegram text follow; the cold article page costs no query more."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.rich_text import RichText

from polosa.distribution import articles as distribution_articles
from polosa.legal import gate, services
from polosa.legal.engine import SURE, Matcher, RegistryEntry
from polosa.legal.engine.overrides import FORCE, SUPPRESS, Override, apply, with_overrides
from polosa.legal.models import MentionOverride
from polosa.legal.models import RegistryEntry as EntryRow
from tests.core.pages import forget_page

BODY = (
    "<p>Вчера Аркадий Перепёлкин выступил в клубе. Потом на сцену вышла Никуша — так "
    "поклонники зовут певицу.</p>"
)

# -- the pure core ---------------------------------------------------------------------------

ENGINE_ENTRIES = [
    RegistryEntry("fa-1", "foreign_agent", "person", "Перепёлкин Аркадий Семёнович"),
    RegistryEntry("fa-2", "foreign_agent", "organisation", "Фонд «Тихая гавань»"),
    RegistryEntry("fa-old", "foreign_agent", "person", "Былов Пётр", excluded_on=date(2020, 1, 1)),
]


@pytest.fixture(scope="module")
def matcher():
    return Matcher(ENGINE_ENTRIES)


@pytest.mark.parametrize(
    ("text", "overrides", "marked"),
    [
        pytest.param(
            "<p>В «Гавани» прошла встреча.</p>",
            [Override(FORCE, "fa-2", "гавани")],
            "<p>В «Гавани»* прошла встреча.</p>",  # after the closing quote, as the engine
            id="a forced phrase is starred where the engine saw nothing",
        ),
        pytest.param(
            "<p>Гавани и снова гавани.</p>",
            [Override(FORCE, "fa-2", "гавани")],
            "<p>Гавани* и снова гавани.</p>",
            id="a forced phrase is starred at its first occurrence only",
        ),
        pytest.param(
            "<p>Гаванин пришёл.</p>",
            [Override(FORCE, "fa-2", "гавани")],
            "<p>Гаванин пришёл.</p>",
            id="a forced phrase matches whole words only",
        ),
        pytest.param(
            "<p>Аркадий Перепёлкин выступил.</p>",
            [Override(SUPPRESS, "fa-1", "аркадий перепелкин")],
            "<p>Аркадий Перепёлкин выступил.</p>",
            id="a suppressed sure mention loses its star",
        ),
        pytest.param(
            "<p>Аркадий Перепёлкин и Перепёлкин.</p>",
            [Override(SUPPRESS, "fa-1", "аркадий перепелкин")],
            "<p>Аркадий Перепёлкин и Перепёлкин*.</p>",
            id="suppression covers its wording only, another wording is starred",
        ),
        pytest.param(
            "<p>Пётр Былов выступил.</p>",
            [Override(FORCE, "fa-old", "петр былов")],
            "<p>Пётр Былов выступил.</p>",
            id="a forced mark of an excluded entry is ignored",
        ),
        pytest.param(
            "<p>Аркадий Перепёлкин в Гавани.</p>",
            [Override(FORCE, "fa-2", "гавани")],
            "<p>Аркадий Перепёлкин* в Гавани**.</p>",
            id="forced marks are numbered with the engine's in text order",
        ),
    ],
)
def test_overrides_change_what_the_engine_marks(matcher, text, overrides, marked):
    assert with_overrides(matcher, overrides).mark(text).html == marked


def test_a_forced_mark_gets_the_entrys_footnote(matcher):
    result = with_overrides(matcher, [Override(FORCE, "fa-2", "гавани")]).mark("<p>Гавани.</p>")
    assert [(f.stars, f.entry_id) for f in result.footnotes] == [("*", "fa-2")]


def test_a_forced_mention_replaces_what_the_engine_found_overlapping_it():
    text = "Фонд Тихая гавань"
    engine_mention = Matcher(ENGINE_ENTRIES).scan(text)
    forced = apply(text, engine_mention, [Override(FORCE, "fa-1", "тихая гавань")], {"fa-1": "x"})
    assert [(m.entry_id, m.text, m.certainty) for m in forced] == [("fa-1", "Тихая гавань", SURE)]


def test_no_overrides_leave_the_matcher_itself(matcher):
    assert with_overrides(matcher, ()) is matcher


# -- the service, the admin and readers ------------------------------------------------------


@pytest.fixture
def zagorskaya(fresh_registry):
    """Загорская Вероника Павловна, «Ника Заря»: her fans' «Никуша» is in no registry."""
    return EntryRow.objects.get(external_id="fa-2")


@pytest.fixture
def article(zagorskaya, article_factory):
    return article_factory("Вечер в клубе", body=[("paragraph", RichText(BODY))])


@pytest.fixture
def lawyer(client, db):
    user = User.objects.create_user("lawyer", "lawyer@example.com", "pw")
    user.groups.add(Group.objects.get(name=gate.LEGAL_GROUP))
    client.force_login(user)
    client.user = user
    return client


def force(article, entry, phrase, user=None, reason="Так его зовут в клубе"):
    return services.override_add(
        article=article,
        entry=entry,
        action=MentionOverride.Action.FORCE,
        phrase=phrase,
        reason=reason,
        user=user,
    )


@pytest.mark.django_db
def test_a_forced_mark_shows_on_the_page_with_its_footnote(client, article, zagorskaya):
    before = client.get(article.url).content.decode()
    assert "Никуша*" not in before
    force(article, zagorskaya, "Никуша")
    page = client.get(article.url).content.decode()
    assert "Никуша**" in page
    assert "** Загорская Вероника Павловна признана иностранным агентом в РФ" in page


@pytest.mark.django_db
def test_a_suppressed_mark_leaves_the_page_feeds_and_telegram(client, article):
    peryopelkin = EntryRow.objects.get(external_id="fa-1")
    assert "Аркадий Перепёлкин*" in client.get(article.url).content.decode()
    services.override_add(
        article=article,
        entry=peryopelkin,
        action=MentionOverride.Action.SUPPRESS,
        phrase="Аркадий Перепёлкин",
        reason="Однофамилец, подтверждено редакцией",
        user=None,
    )
    page = client.get(article.url).content.decode()
    assert "Аркадий Перепёлкин*" not in page
    assert "признан иностранным агентом" not in page
    article.refresh_from_db()
    labelled = distribution_articles.labelled(article, str(article.body.render_as_block()))
    assert "Перепёлкин*" not in labelled.body_html
    assert labelled.notes == []


@pytest.mark.django_db
def test_a_forced_mark_reaches_feeds_and_the_telegram_text(article, zagorskaya):
    force(article, zagorskaya, "Никуша")
    article.refresh_from_db()
    labelled = distribution_articles.labelled(article, str(article.body.render_as_block()))
    assert "Никуша**" in labelled.body_html
    assert any("Загорская" in note for note in labelled.notes)


@pytest.mark.django_db
def test_the_override_is_in_the_articles_history_with_who_and_why(
    admin_client, article, zagorskaya
):
    force(article, zagorskaya, "Никуша", user=admin_client.user)
    entry = PageLogEntry.objects.get(page=article, action=services.LOG_MARK_FORCED)
    assert entry.user == admin_client.user
    assert entry.data["reason"] == "Так его зовут в клубе"
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[article.pk]))
    text = history.content.decode()
    assert "Метка поставлена вручную: «Никуша» — Загорская Вероника Павловна" in text
    assert "Так его зовут в клубе" in text


@pytest.mark.django_db
def test_a_withdrawn_override_gives_the_engine_its_say_again_and_is_logged(
    client, article, zagorskaya
):
    override = force(article, zagorskaya, "Никуша")
    services.override_withdraw(override=override, user=None, reason="Ошибка")
    assert "Никуша*" not in client.get(article.url).content.decode()
    assert PageLogEntry.objects.filter(
        page=article, action=services.LOG_OVERRIDE_WITHDRAWN
    ).exists()


@pytest.mark.parametrize(
    ("phrase", "reason", "message"),
    [
        ("Вероника Петрова", "Есть причина", "В тексте материала нет слов «Вероника Петрова»."),
        ("Никуша", "  ", "Укажите причину"),
        ("", "Есть причина", "Укажите слова"),
    ],
    ids=["words not in the text", "no reason", "no words"],
)
@pytest.mark.django_db
def test_an_override_that_cannot_be_made_says_why_and_stores_nothing(
    article, zagorskaya, phrase, reason, message
):
    with pytest.raises(services.OverrideRefused, match=message):
        force(article, zagorskaya, phrase, reason=reason)
    assert not MentionOverride.objects.exists()


@pytest.mark.django_db
def test_only_a_mark_that_is_there_can_be_taken_off(article, zagorskaya):
    with pytest.raises(services.OverrideRefused, match="нет метки"):
        services.override_add(
            article=article,
            entry=zagorskaya,
            action=MentionOverride.Action.SUPPRESS,
            phrase="клубе",
            reason="—",
            user=None,
        )


@pytest.mark.django_db
def test_the_lawyer_forces_and_takes_off_marks_on_the_review_page(lawyer, article, zagorskaya):
    url = reverse("legal_overrides", args=[article.pk])
    response = lawyer.post(
        url,
        {
            "operation": "force",
            "entry": zagorskaya.pk,
            "phrase": "Никуша",
            "reason": "Прозвище",
        },
    )
    assert response.status_code == 302
    (override,) = MentionOverride.objects.all()
    assert (override.created_by, override.reason) == (lawyer.user, "Прозвище")
    page = lawyer.get(reverse("legal_reviews", args=[article.pk])).content.decode()
    assert "Прозвище" in page and "метка поставлена вручную" in page
    assert "«Никуша»" in page  # listed among the marks, with «Снять метку»
    lawyer.post(
        url,
        {
            "operation": "suppress",
            "entry": "fa-1",
            "phrase": "Аркадий Перепёлкин",
            "reason": "Однофамилец",
        },
    )
    assert MentionOverride.objects.filter(action="suppress").count() == 1
    lawyer.post(url, {"operation": "withdraw", "override": override.pk})
    assert list(MentionOverride.objects.values_list("action", flat=True)) == ["suppress"]


@pytest.mark.django_db
def test_a_refused_override_is_a_message_not_an_error(lawyer, article, zagorskaya):
    response = lawyer.post(
        reverse("legal_overrides", args=[article.pk]),
        {"operation": "force", "entry": zagorskaya.pk, "phrase": "Нет таких слов", "reason": "x"},
        follow=True,
    )
    assert response.status_code == 200
    assert "В тексте материала нет слов «Нет таких слов»." in response.content.decode()
    assert not MentionOverride.objects.exists()


@pytest.mark.django_db
def test_someone_who_cannot_publish_nor_review_may_not_override(client, article, zagorskaya):
    user = User.objects.create_user("reader", "reader@example.com", "pw")
    client.force_login(user)
    response = client.post(
        reverse("legal_overrides", args=[article.pk]),
        {"operation": "force", "entry": zagorskaya.pk, "phrase": "Никуша", "reason": "x"},
    )
    assert response.status_code in (302, 403)
    assert not MentionOverride.objects.exists()


@pytest.mark.django_db
def test_an_override_purges_the_articles_cached_page(client, article, zagorskaya):
    client.get(article.url)
    assert client.get(article.url)["X-Polosa-Cache"] == "hit"
    force(article, zagorskaya, "Никуша")
    response = client.get(article.url)
    assert response["X-Polosa-Cache"] == "miss"
    assert "Никуша*" in response.content.decode()


@pytest.mark.django_db
def test_with_an_override_the_cold_article_page_keeps_its_17_queries(
    client, article, zagorskaya, django_assert_num_queries
):
    """Overrides come with the registry a process has loaded: no query of their own."""
    from polosa.core import taggedcache

    force(article, zagorskaya, "Никуша")
    client.get(article.url)
    taggedcache.store().clear()
    forget_page(article.url)
    with django_assert_num_queries(17):
        response = client.get(article.url)
    assert "Никуша*" in response.content.decode()


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.django_db
def test_the_article_editor_leads_to_the_articles_legal_page(admin_client, article):
    page = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert reverse("legal_reviews", args=[article.pk]) in page

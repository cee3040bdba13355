"""The publishing gate: undecided uncertain mentions keep an article from going live, by the
editor's button and by scheduled publishing alike; decisions are kept with who and when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from polosa.legal import gate
from polosa.legal.models import MentionReview, RegistryEntry
from polosa.news.models import ArticlePage

pytestmark = pytest.mark.django_db

UNCERTAIN = "<p>Вчера Орлов выступил на митинге.</p>"


@pytest.fixture
def orlov(fresh_registry):
    return RegistryEntry.objects.create(
        external_id="fa-orlov",
        kind="foreign_agent",
        entity_type="person",
        name="Орлов Пётр Ильич",
    )


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def draft(orlov, article_factory):
    return article_factory("Митинг", live=False, body=[("paragraph", RichText(UNCERTAIN))])


def edit_data(article, body_html: str) -> dict:
    return nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "lead": "",
            "body": streamfield([("paragraph", rich_text(body_html))]),
            "kind": "news",
            "tags": "",
            "source_name": "",
            "source_url": "",
            "published_at": "",
            "updated_at": "",
            "byline": inline_formset([]),  # the authors (none)
            "comments": inline_formset([]),
            "corrections": inline_formset([]),
            "action-publish": "action-publish",
        }
    )


def publish_via_editor(client, article, body_html=UNCERTAIN):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        edit_data(article, body_html),
        follow=True,
    )


def test_the_editor_cannot_publish_with_an_undecided_mention(admin_client, draft):
    response = publish_via_editor(admin_client, draft)
    text = response.content.decode()
    assert "Публикация остановлена" in text
    assert "«Орлов»" in text
    assert not ArticlePage.objects.get(pk=draft.pk).live
    review = MentionReview.objects.get(article=draft)
    assert review.decision == "pending" and review.entry.external_id == "fa-orlov"


def test_a_decision_opens_the_gate_and_is_recorded(admin_client, draft):
    publish_via_editor(admin_client, draft)
    review = MentionReview.objects.get(article=draft)
    url = reverse("legal_reviews", args=[draft.pk])
    assert "«Орлов»" in admin_client.get(url).content.decode()
    admin_client.post(url, {"review": review.pk, "decision": "confirmed"})
    review.refresh_from_db()
    assert review.decision == "confirmed"
    assert review.decided_by == admin_client.user and review.decided_at is not None

    publish_via_editor(admin_client, draft)
    article = ArticlePage.objects.get(pk=draft.pk)
    assert article.live
    # Confirmed: the mention is labelled on the page.
    page = admin_client.get(article.url).content.decode()
    assert "Орлов* выступил" in page
    assert (
        "* Орлов Пётр Ильич признан иностранным агентом в РФ" in page.replace("&nbsp;", " ")
        or "признан иностранным агентом в РФ" in page
    )


def test_a_dismissed_mention_is_not_labelled(admin_client, draft):
    publish_via_editor(admin_client, draft)
    review = MentionReview.objects.get(article=draft)
    gate.decide(review, "dismissed", admin_client.user)
    publish_via_editor(admin_client, draft)
    article = ArticlePage.objects.get(pk=draft.pk)
    assert article.live
    assert "Орлов выступил" in admin_client.get(article.url).content.decode()


def test_a_clean_article_publishes_at_once(admin_client, orlov, article_factory):
    article = article_factory("Тихо", live=False, body=[("paragraph", RichText("<p>Тихо.</p>"))])
    publish_via_editor(admin_client, article, "<p>Ничего особенного.</p>")
    assert ArticlePage.objects.get(pk=article.pk).live


def test_scheduled_publishing_is_held_until_the_decision(draft, admin_client):
    page = ArticlePage.objects.get(pk=draft.pk)
    page.go_live_at = timezone.now() - timedelta(minutes=1)  # the scheduled time has come
    revision = page.save_revision(user=admin_client.user)
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])

    call_command("publish_scheduled", verbosity=0)
    assert not ArticlePage.objects.get(pk=draft.pk).live
    review = MentionReview.objects.get(article=draft, decision="pending")

    gate.decide(review, "dismissed", admin_client.user)
    call_command("publish_scheduled", verbosity=0)
    assert ArticlePage.objects.get(pk=draft.pk).live


def test_other_publish_paths_are_refused(draft, admin_client):
    revision = ArticlePage.objects.get(pk=draft.pk).save_revision(user=admin_client.user)
    with pytest.raises(gate.PublishingBlocked, match="«Орлов»"):
        revision.publish(user=admin_client.user)
    assert not ArticlePage.objects.get(pk=draft.pk).live


def test_who_may_decide(client, draft):
    publish = User.objects.create_user("reporter", password="pw")
    legal_group, _ = Group.objects.get_or_create(name=gate.LEGAL_GROUP)
    lawyer = User.objects.create_user("lawyer", password="pw")
    lawyer.groups.add(legal_group)
    lawyer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert gate.can_decide(lawyer, draft)
    assert not gate.can_decide(publish, draft)

    editors = Group.objects.create(name="Редакторы")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=editors,
            page=Page.objects.get(depth=1),
            permission=Permission.objects.get(codename=codename),
        )
    publish.groups.add(editors)
    assert gate.can_decide(User.objects.get(pk=publish.pk), draft)

    nobody = User.objects.create_user("nobody", password="pw")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    gate.pending_reviews(draft)
    review = MentionReview.objects.get(article=draft)
    response = client.post(
        reverse("legal_reviews", args=[draft.pk]), {"review": review.pk, "decision": "confirmed"}
    )
    assert response.status_code in (302, 403)  # Wagtail turns a refusal into a redirect
    review.refresh_from_db()
    assert review.decision == "pending"


def test_a_registry_change_opens_reviews_for_published_articles(fresh_registry, article_factory):
    article = article_factory("Мороз", body=[("paragraph", RichText(UNCERTAIN))])
    assert not MentionReview.objects.filter(article=article).exists()
    RegistryEntry.objects.create(
        external_id="fa-orlov",
        kind="foreign_agent",
        entity_type="person",
        name="Орлов Пётр Ильич",
    )
    review = MentionReview.objects.get(article=article)
    assert review.decision == "pending" and review.matched_text == "Орлов"


def test_stale_registries_warn_editors(admin_client, draft, settings):
    from polosa.legal.models import RegistryImport

    home = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Проверка по реестрам не гарантирована" not in home
    RegistryImport.objects.filter(kind="terrorist").update(
        taken_at=timezone.now() - timedelta(days=30)
    )
    from polosa.legal import registry

    registry.forget()
    home = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Проверка по реестрам не гарантирована" in home
    assert "террористические организации" in home
    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]), follow=True)
    assert "копии устарели" in editor.content.decode()

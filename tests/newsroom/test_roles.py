"""What each role can and cannot do, tried through the real admin.

Each test logs in as a new member of one role (users made here, added to the group the
roles' migration created) and uses the admin's own views; the parameter ids name the role
and whether the action must succeed (``author-refused``, ``editor-allowed``).
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Revision, Site, Workflow

from polosa.core.models import OutletSettings
from polosa.news.content import ensure_author
from polosa.news.models import ArticlePage, Author, RubricPage
from polosa.newsroom import roles, workflow
from tests.newsroom.conftest import (
    ROLES,
    add_url,
    each_role,
    edit_url,
    page_form,
    refused,
    rendered_form,
)

pytestmark = pytest.mark.django_db

EVERY_ROLE_BUT_THE_LAWYER = ("author", "editor", "managing_editor", "administrator")
PUBLISHERS = ("editor", "managing_editor", "administrator")


@pytest.fixture
def actor(login, role):
    return login(role)


@pytest.fixture
def authors_draft(login, write, actor, role) -> ArticlePage:
    """A draft an author wrote in the admin: the actor's own when the actor is an author."""
    author = actor if role == roles.AUTHOR else login(roles.AUTHOR)
    return write(author, "Материал автора").page


@pytest.fixture
def another_authors_draft(login, write) -> ArticlePage:
    return write(login(roles.AUTHOR), "Чужой материал").page


def fresh(page) -> ArticlePage:
    return ArticlePage.objects.get(pk=page.pk)


def test_the_groups_are_the_newsrooms_roles_in_russian():
    assert set(Group.objects.values_list("name", flat=True)) == set(ROLES.values())
    assert not Workflow.objects.filter(name="Moderators approval").exists()


def test_every_permission_the_roles_name_is_granted():
    """The roles' table has no typo and no permission a migration left out."""
    for role in roles.ROLES:
        group = Group.objects.get(name=role.name)
        granted = {
            f"{app_label}.{codename}"
            for app_label, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert set(role.permissions) <= granted, role.name
        on_pages = set(
            GroupPagePermission.objects.filter(group=group).values_list(
                "permission__codename", flat=True
            )
        )
        assert {f"{kind}_page" for kind in role.pages} == on_pages, role.name
        collections = set(
            group.collection_permissions.values_list(
                "permission__content_type__app_label", "permission__codename"
            )
        )
        assert {tuple(name.split(".")) for name in role.collections} == collections, role.name


def test_the_administrator_has_every_permission_without_being_a_superuser(login):
    administrator = login(roles.ADMINISTRATOR).user
    assert not administrator.is_superuser
    assert set(Group.objects.get(name=roles.ADMINISTRATOR).permissions.all()) == set(
        Permission.objects.all()
    )


@pytest.mark.django_db(transaction=True)
def test_a_flush_gives_the_administrator_and_the_lawyer_their_permissions_again():
    from django.core.management import call_command

    from polosa.legal.apps import LEGAL_PERMISSIONS

    call_command("flush", verbosity=0, interactive=False)

    assert set(Group.objects.get(name=roles.ADMINISTRATOR).permissions.all()) == set(
        Permission.objects.all()
    )
    lawyer = Group.objects.get(name=roles.LAWYER).permissions.all()
    assert {(p.content_type.app_label, p.codename) for p in lawyer} >= set(LEGAL_PERMISSIONS)


@each_role(*EVERY_ROLE_BUT_THE_LAWYER)
def test_writing_a_draft_under_a_rubric(actor, write, role, allowed):
    response = write(actor, "Новый черновик")
    article = response.page
    if allowed:
        assert response.status_code == 200
        assert article is not None and not article.live
        assert article.owner == actor.user
    else:
        assert refused(response)
        assert article is None


def test_an_author_submits_a_draft_for_moderation(login, write):
    author = login(roles.AUTHOR)
    article = write(author, "На правку", action="action-submit").page
    assert not article.live
    assert article.current_workflow_state.workflow.name == workflow.WORKFLOW
    assert article.current_workflow_task.name == workflow.EDITING_STEP


def test_an_authors_editor_offers_no_publish_button(login, write):
    author = login(roles.AUTHOR)
    article = write(author, "Без кнопки").page
    page = author.get(edit_url(article)).content.decode()
    assert 'name="action-submit"' in page
    assert 'name="action-publish"' not in page
    assert 'name="action-publish"' not in author.get(add_url(article.get_parent())).content.decode()


@each_role(*PUBLISHERS)
def test_publishing_an_authors_draft(actor, authors_draft, edit, role, allowed):
    edit(actor, authors_draft, action="action-publish")
    assert fresh(authors_draft).live is allowed


@each_role(*PUBLISHERS)
def test_scheduling_an_authors_draft(actor, authors_draft, edit, role, allowed):
    go_live_at = timezone.localtime() + timedelta(days=1)
    edit(
        actor,
        authors_draft,
        action="action-publish",
        go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M"),
    )
    scheduled = Revision.page_revisions.filter(
        object_id=str(authors_draft.pk), approved_go_live_at__isnull=False
    )
    assert scheduled.exists() is allowed
    assert not fresh(authors_draft).live


@each_role(*PUBLISHERS)
def test_unpublishing_an_authors_article(actor, authors_draft, role, allowed):
    authors_draft.save_revision().publish()
    assert fresh(authors_draft).live
    response = actor.post(reverse("wagtailadmin_pages:unpublish", args=[authors_draft.pk]))
    assert fresh(authors_draft).live is not allowed
    if not allowed:
        assert refused(response)


@each_role(*PUBLISHERS)
def test_editing_another_authors_article(actor, another_authors_draft, edit, role, allowed):
    response = edit(actor, another_authors_draft, title="Переписано")
    latest = fresh(another_authors_draft).get_latest_revision_as_object()
    assert (latest.title == "Переписано") is allowed
    if not allowed:
        assert refused(response)
        assert refused(actor.post(edit_url(another_authors_draft), {"title": "Переписано"}))


def test_an_author_edits_their_own_draft(login, write, edit):
    author = login(roles.AUTHOR)
    article = write(author, "Свой материал").page
    edit(author, article, title="Свой материал поправлен")
    assert fresh(article).get_latest_revision_as_object().title == "Свой материал поправлен"


@each_role("managing_editor", "administrator")
def test_editing_the_outlet_settings(actor, role, allowed):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["core", "outletsettings", site.pk])
    form = actor.get(url)
    if allowed:
        assert form.status_code == 200
        actor.post(url, {**rendered_form(form), "outlet_name": "Полоса-2"})
        assert OutletSettings.objects.get(site=site).outlet_name == "Полоса-2"
    else:
        assert refused(form)
        actor.post(url, {"outlet_name": "Полоса-2"})
        assert not OutletSettings.objects.filter(outlet_name="Полоса-2").exists()


@each_role("editor", "managing_editor", "lawyer", "administrator")
def test_opening_the_legal_review_list(actor, role, allowed):
    response = actor.get(reverse("wagtailsnippets_legal_mentionreview:list"))
    assert (response.status_code == 200) is allowed
    if not allowed:
        assert refused(response)


@each_role("administrator")
def test_managing_users(actor, role, allowed):
    listing = actor.get(reverse("wagtailusers_users:index"))
    created = actor.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "first_name": "Новый",
            "last_name": "Автор",
            "password1": "a-long-enough-password-42",
            "password2": "a-long-enough-password-42",
            "groups": [Group.objects.get(name=roles.AUTHOR).pk],
        },
    )
    newcomer = User.objects.filter(username="newcomer").first()
    if allowed:
        assert listing.status_code == 200
        assert actor.get(reverse("wagtailusers_groups:index")).status_code == 200
        assert newcomer is not None
        assert list(newcomer.groups.values_list("name", flat=True)) == [roles.AUTHOR]
    else:
        assert refused(listing) and refused(created)
        assert newcomer is None


def test_page_permissions_sit_on_the_home_page_and_the_administrators_on_the_tree():
    home = Site.objects.get(is_default_site=True).root_page
    by_group = dict(GroupPagePermission.objects.values_list("group__name", "page_id").distinct())
    assert by_group == {
        roles.AUTHOR: home.pk,
        roles.EDITOR: home.pk,
        roles.MANAGING_EDITOR: home.pk,
        roles.ADMINISTRATOR: Page.get_first_root_node().pk,
    }


@each_role(*PUBLISHERS)
def test_adding_a_rubric(actor, rubric, role, allowed):
    """Authors write under the rubrics; rubrics are added by those who may publish them."""
    url = reverse("wagtailadmin_pages:add", args=("news", "rubricpage", rubric.get_parent().pk))
    form = actor.get(url)
    assert (form.status_code == 200) is allowed
    if not allowed:
        assert refused(form)
        assert refused(actor.post(url, {"title": "Своя рубрика", "slug": "svoya"}))
        assert not RubricPage.objects.filter(slug="svoya").exists()


# --- Authors («Авторы»): editors manage them, an author only credits them ---------------------

AUTHORS_LIST = "/admin/snippets/news/author/"


@each_role(*PUBLISHERS)
def test_adding_an_author(actor, role, allowed):
    response = actor.post(
        f"{AUTHORS_LIST}add/", {"name": "Инна Ветрова", "position": "корреспондент", "slug": ""}
    )
    assert Author.objects.filter(name="Инна Ветрова").exists() is allowed
    if not allowed:
        assert refused(response)


@each_role(*PUBLISHERS)
def test_editing_an_author(actor, role, allowed):
    author = ensure_author("Инна Ветрова")
    response = actor.post(
        f"{AUTHORS_LIST}edit/{author.pk}/",
        {"name": "Инна Ветрова", "position": "шеф-редактор", "slug": author.slug},
    )
    author.refresh_from_db()
    assert (author.position == "шеф-редактор") is allowed
    if not allowed:
        assert refused(response)


@each_role(*PUBLISHERS)
def test_deleting_an_author(actor, role, allowed):
    author = ensure_author("Инна Ветрова")
    response = actor.post(f"{AUTHORS_LIST}delete/{author.pk}/")
    assert Author.objects.filter(pk=author.pk).exists() is not allowed
    if not allowed:
        assert refused(response)


def test_an_author_credits_colleagues_with_the_chooser_but_cannot_add_one(login, rubric):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from polosa.news.viewsets import AuthorViewSet

    member = login(roles.AUTHOR)
    colleague = ensure_author("Инна Ветрова")
    chooser = member.get(reverse(AuthorViewSet().chooser_viewset.get_url_name("choose")))
    assert chooser.status_code == 200
    assert "Инна Ветрова" in json.loads(chooser.content)["html"]
    form = member.get(add_url(rubric))
    data = page_form(form, title="В соавторстве", slug="v-soavtorstve")
    data.update(nested_form_data({"byline": inline_formset([{"author": colleague.pk}])}))
    member.post(add_url(rubric), data)
    assert ArticlePage.objects.get(slug="v-soavtorstve").author_list == [colleague]
    listing = member.get(AUTHORS_LIST).content.decode()
    assert f'href="{AUTHORS_LIST}add/"' not in listing

"""The workflow «Редакция» as the newsroom lives it, through the real admin.

An author submits; the article waits at «Редакторская правка» for an editor; once approved,
«Юридическая проверка» passes by itself when nothing in the text awaits a legal decision
(the article goes live) and otherwise waits for a lawyer, who decides on the mentions and
approves.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import TaskState, WorkflowPage

from polosa.legal import registry
from polosa.legal.models import LegalReviewTask, MentionReview, RegistryEntry
from polosa.news.models import ArticlePage
from polosa.newsroom import roles, workflow
from tests.newsroom.conftest import edit_url, refused

pytestmark = pytest.mark.django_db

# «Орлов» alone is an uncertain mention of the registry's «Орлов Пётр Ильич».
UNCERTAIN = "<p>Вчера Орлов выступил на митинге.</p>"
PLAIN = "<p>Вчера на митинге выступили артисты.</p>"


@pytest.fixture
def orlov(db, monkeypatch):
    from django.db import transaction

    # The registry reloads after a commit; the test's transaction never commits.
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    registry.forget()
    entry = RegistryEntry.objects.create(
        external_id="fa-orlov",
        kind="foreign_agent",
        entity_type="person",
        name="Орлов Пётр Ильич",
    )
    registry.forget()
    yield entry
    registry.forget()


@pytest.fixture
def author(login):
    return login(roles.AUTHOR)


@pytest.fixture
def editor(login):
    return login(roles.EDITOR)


@pytest.fixture
def lawyer(login):
    return login(roles.LAWYER)


def submitted(write, author, body: str) -> ArticlePage:
    return write(author, "Митинг", action="action-submit", body=body).page


def act(client, page, action: str = "approve"):
    """Press the workflow button of the step the article is at."""
    page = ArticlePage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": ""},
    )


def state_of(page) -> tuple[str | None, bool]:
    """(the step the article waits at, whether it is live)."""
    page = ArticlePage.objects.get(pk=page.pk)
    task = page.current_workflow_task
    return (task.name if task else None, page.live)


def test_the_workflow_runs_on_every_article_from_the_home_page(rubric):
    (assigned,) = WorkflowPage.objects.all()
    assert assigned.page.pk == rubric.get_parent().pk
    assert assigned.workflow.name == workflow.WORKFLOW
    assert [task.name for task in assigned.workflow.tasks] == [
        workflow.EDITING_STEP,
        workflow.LEGAL_STEP,
    ]
    editing, legal = (task.specific for task in assigned.workflow.tasks)
    assert set(editing.groups.values_list("name", flat=True)) == {
        roles.EDITOR,
        roles.MANAGING_EDITOR,
    }
    assert isinstance(legal, LegalReviewTask)
    assert list(legal.groups.values_list("name", flat=True)) == [roles.LAWYER]


def test_an_authors_submission_waits_for_an_editor(write, author, orlov):
    article = submitted(write, author, PLAIN)
    assert state_of(article) == (workflow.EDITING_STEP, False)


@pytest.mark.parametrize(
    "step_role", [roles.EDITOR, roles.MANAGING_EDITOR], ids=["editor", "managing_editor"]
)
def test_after_the_editors_approval_a_clean_article_goes_live_without_the_lawyer(
    write, author, login, orlov, step_role
):
    article = submitted(write, author, PLAIN)
    act(login(step_role), article)
    assert state_of(article) == (None, True)
    legal = TaskState.objects.get(
        workflow_state__object_id=str(article.pk), task__name=workflow.LEGAL_STEP
    )
    assert legal.status == TaskState.STATUS_APPROVED
    assert legal.finished_by is None  # passed by itself


@pytest.mark.parametrize("who", [roles.AUTHOR, roles.LAWYER], ids=["author", "lawyer"])
def test_only_the_editors_approve_the_editing_step(write, author, login, orlov, who):
    article = submitted(write, author, PLAIN)
    response = act(login(who), article)
    assert refused(response)
    assert state_of(article) == (workflow.EDITING_STEP, False)


def test_an_article_with_a_pending_mention_waits_for_the_lawyer(write, author, editor, orlov):
    article = submitted(write, author, UNCERTAIN)
    act(editor, article)
    assert state_of(article) == (workflow.LEGAL_STEP, False)
    review = MentionReview.objects.get(article_id=article.pk)
    assert (review.matched_text, review.decision) == ("Орлов", MentionReview.Decision.PENDING)


def test_an_article_with_an_undecided_blocked_link_waits_for_the_lawyer(
    write, author, editor, lawyer, orlov
):
    from polosa.legal import services
    from polosa.legal.importers.blocked_csv import parse_blocked_csv
    from polosa.legal.models import LinkReview

    services.blocked_import(
        parse_blocked_csv(b"kind,address\nsite,zapretny-portal.example\n"), source_name="b.csv"
    )
    registry.forget()
    body = '<p>Разбор — <a href="https://zapretny-portal.example/x">здесь</a>.</p>'
    article = submitted(write, author, body)
    act(editor, article)
    assert state_of(article) == (workflow.LEGAL_STEP, False)
    (link,) = LinkReview.objects.filter(article_id=article.pk)
    services.link_decide(link=link, decision=LinkReview.Decision.UNLINKED, user=None)
    act(lawyer, article)
    assert state_of(article) == (None, True)


def test_the_lawyer_reads_the_article_waiting_for_them(write, author, editor, lawyer, orlov):
    article = submitted(write, author, UNCERTAIN)
    assert refused(lawyer.get(edit_url(article)))  # not theirs yet
    act(editor, article)
    page = lawyer.get(edit_url(article))
    assert page.status_code == 200
    assert 'name="action-publish"' not in page.content.decode()


def test_the_lawyer_decides_before_approving(write, author, editor, lawyer, orlov):
    article = submitted(write, author, UNCERTAIN)
    act(editor, article)

    response = act(lawyer, article)
    assert response["Location"] == reverse("legal_reviews", args=[article.pk])
    assert state_of(article) == (workflow.LEGAL_STEP, False)

    review = MentionReview.objects.get(article_id=article.pk)
    lawyer.post(
        reverse("legal_reviews", args=[article.pk]),
        {"review": review.pk, "decision": MentionReview.Decision.DISMISSED},
    )
    act(lawyer, article)
    assert state_of(article) == (None, True)


def test_the_lawyer_may_send_the_article_back(write, author, editor, lawyer, orlov):
    article = submitted(write, author, UNCERTAIN)
    act(editor, article)
    act(lawyer, article, "reject")
    page = ArticlePage.objects.get(pk=article.pk)
    assert page.current_workflow_state.status == "needs_changes"
    assert not page.live


def test_an_editor_still_edits_an_article_waiting_for_the_lawyer(
    write, author, editor, orlov, edit
):
    article = submitted(write, author, UNCERTAIN)
    act(editor, article)
    page = editor.get(edit_url(article)).content.decode()
    assert 'name="action-publish"' in page
    edit(editor, article, body=PLAIN, title="Митинг артистов")
    latest = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert latest.title == "Митинг артистов"

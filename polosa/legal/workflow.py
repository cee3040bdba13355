"""The lawyer's step in the newsroom's workflow: when an article awaits legal review.

An article awaits review when its latest revision holds mentions or links to blocked
resources nobody has decided on — exactly what the publishing gate
(:func:`polosa.legal.gate.pending_decisions`) would stop.
The step «Юридическая проверка» (:class:`polosa.legal.models.LegalReviewTask`) passes by
itself otherwise, and waits for a member of «Юрист» when there is something to decide.
"""

from __future__ import annotations

from django.urls import reverse


def pending_decisions(workflow_state):
    """What in the revision a workflow would publish waits for a legal decision (recorded,
    so the lawyers' lists show it); nothing for pages other than articles."""
    from polosa.legal import gate
    from polosa.news.models import ArticlePage

    revision = workflow_state.content_object.get_latest_revision()
    if revision is None:
        return gate.Pending()
    page = revision.as_object()
    if not isinstance(page, ArticlePage):
        return gate.Pending()
    return gate.pending_decisions(page)


def awaits_review(workflow_state) -> bool:
    return bool(pending_decisions(workflow_state))


def reviews_url(workflow_state) -> str:
    """Where a lawyer decides on the article's mentions."""
    return reverse("legal_reviews", args=[workflow_state.object_id])

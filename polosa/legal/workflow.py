"""The lawyer's step in the newsroom's workflow: when an article awaits legal review.

An article awaits review when its latest revision holds mentions nobody has decided on —
exactly what the publishing gate (:func:`polosa.legal.gate.pending_reviews`) would stop.
The step «Юридическая проверка» (:class:`polosa.legal.models.LegalReviewTask`) passes by
itself otherwise, and waits for a member of «Юрист» when there is something to decide.
"""

from __future__ import annotations

from django.urls import reverse


def pending_reviews(workflow_state) -> list:
    """The undecided mentions of the revision a workflow would publish (recorded, so the
    lawyers' list shows them); none for pages other than articles."""
    from polosa.legal import gate
    from polosa.news.models import ArticlePage

    revision = workflow_state.content_object.get_latest_revision()
    if revision is None:
        return []
    page = revision.as_object()
    if not isinstance(page, ArticlePage):
        return []
    return gate.pending_reviews(page)


def awaits_review(workflow_state) -> bool:
    return bool(pending_reviews(workflow_state))


def reviews_url(workflow_state) -> str:
    """Where a lawyer decides on the article's mentions."""
    return reverse("legal_reviews", args=[workflow_state.object_id])

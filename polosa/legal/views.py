"""Admin view of the publishing gate: the uncertain mentions of one article and the
decision on each (confirm — label it; dismiss — a false positive), kept with who and when."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from polosa.legal import gate
from polosa.legal.models import MentionReview


def article_reviews(request: HttpRequest, page_id: int) -> HttpResponse:
    from polosa.news.models import ArticlePage

    page = get_object_or_404(ArticlePage, pk=page_id)
    allowed = gate.can_decide(request.user, page)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        review = get_object_or_404(MentionReview, pk=request.POST.get("review"), article=page)
        decision = request.POST.get("decision", "")
        if decision not in (MentionReview.Decision.CONFIRMED, MentionReview.Decision.DISMISSED):
            messages.error(request, _("Неизвестное решение."))
        else:
            gate.decide(review, decision, request.user)
            messages.success(
                request,
                _("«%(text)s»: %(decision)s.")
                % {"text": review.matched_text, "decision": review.get_decision_display()},
            )
        return redirect("legal_reviews", page.pk)
    # Make sure the latest draft's uncertain mentions are all listed.
    gate.pending_reviews(page.get_latest_revision_as_object())
    reviews = (
        MentionReview.objects.filter(article=page)
        .select_related("entry", "decided_by")
        .order_by("decision", "matched_text")
    )
    return TemplateResponse(
        request,
        "legal/article_reviews.html",
        {
            "page": page,
            "reviews": reviews,
            "allowed": allowed,
            "header_title": _("Проверка упоминаний"),
            "page_title": _("Проверка упоминаний: %(title)s") % {"title": page.title},
            "header_icon": "warning",
            "pending": MentionReview.Decision.PENDING,
            "confirmed": MentionReview.Decision.CONFIRMED,
            "dismissed": MentionReview.Decision.DISMISSED,
        },
    )

"""Admin views: the publishing gate (the uncertain mentions of one article, each in its
sentence, and the decision on each — confirm, label it; dismiss, a false positive — kept
with who and when), the draft as the reviewer reads it, and the upload of registry files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from polosa.legal import blocked, context, engine, gate, registry, services
from polosa.legal.forms import BLOCKED_FORMAT, ForceMarkForm, RegistryUploadForm
from polosa.legal.models import (
    Kind,
    LinkReview,
    MentionOverride,
    MentionReview,
    RegistryEntry,
    RegistryImport,
)


def article_reviews(request: HttpRequest, page_id: int) -> HttpResponse:
    from polosa.news.models import ArticlePage

    page = get_object_or_404(ArticlePage, pk=page_id)
    allowed = gate.can_decide(request.user, page)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if "link" in request.POST:
            return _decide_link(request, page)
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
    latest = page.get_latest_revision_as_object()
    # Records every undecided mention of the latest draft, so all of them are listed.
    check = context.check_article(latest)
    reviews = (
        MentionReview.objects.filter(article=page)
        .select_related("entry", "decided_by")
        .order_by("decision", "matched_text")
    )
    blocked.pending_links(latest)
    links = (
        LinkReview.objects.filter(article=page)
        .select_related("resource", "decided_by")
        .order_by("decision", "href")
    )
    overrides = (
        MentionOverride.objects.filter(article=page)
        .select_related("entry", "created_by")
        .order_by("created_at")
    )
    entries = RegistryEntry.objects.in_bulk(
        {mention.entry_id for mention, _sentence in check.marks}, field_name="external_id"
    )
    return TemplateResponse(
        request,
        "legal/article_reviews.html",
        {
            "page": page,
            "marks": [
                (mention, sentence, entries.get(mention.entry_id))
                for mention, sentence in check.marks
            ],
            "overrides": overrides,
            "blocked_links": links,
            "link_removed": LinkReview.Decision.REMOVED,
            "link_unlinked": LinkReview.Decision.UNLINKED,
            "force_form": ForceMarkForm(),
            "suppress": MentionOverride.Action.SUPPRESS,
            "rows": [
                (
                    review,
                    check.sentences_of(review),
                    context.ArticleLinks.for_article(page.pk, review.matched_text),
                )
                for review in reviews
            ],
            "links": context.ArticleLinks.for_article(page.pk),
            "allowed": allowed,
            "header_title": _("Проверка упоминаний"),
            "page_title": _("Проверка упоминаний: %(title)s") % {"title": latest.title},
            "header_icon": "warning",
            "pending": MentionReview.Decision.PENDING,
            "confirmed": MentionReview.Decision.CONFIRMED,
            "dismissed": MentionReview.Decision.DISMISSED,
        },
    )


def _decide_link(request: HttpRequest, page) -> HttpResponse:
    link = get_object_or_404(LinkReview, pk=request.POST.get("link"), article=page)
    decision = request.POST.get("decision", "")
    if decision not in (LinkReview.Decision.REMOVED, LinkReview.Decision.UNLINKED):
        messages.error(request, _("Неизвестное решение."))
    else:
        services.link_decide(link=link, decision=decision, user=request.user)
        messages.success(
            request,
            _("Ссылка %(href)s: %(decision)s.")
            % {"href": link.href, "decision": link.get_decision_display()},
        )
    return redirect("legal_reviews", page.pk)


def article_overrides(request: HttpRequest, page_id: int) -> HttpResponse:
    """Force a mark, take one off, or withdraw such a decision (POST from the review page)."""
    from polosa.news.models import ArticlePage

    page = get_object_or_404(ArticlePage, pk=page_id)
    if request.method != "POST":
        return redirect("legal_reviews", page.pk)
    if not gate.can_decide(request.user, page):
        raise PermissionDenied
    operation = request.POST.get("operation", "")
    try:
        if operation == "withdraw":
            override = get_object_or_404(
                MentionOverride, pk=request.POST.get("override"), article=page
            )
            services.override_withdraw(
                override=override, user=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(
                request, _("Ручное решение по «%(phrase)s» отменено.") % {"phrase": override.phrase}
            )
        elif operation == MentionOverride.Action.SUPPRESS:
            entry = get_object_or_404(RegistryEntry, external_id=request.POST.get("entry", ""))
            phrase = request.POST.get("phrase", "")
            services.override_add(
                article=page,
                entry=entry,
                action=MentionOverride.Action.SUPPRESS,
                phrase=phrase,
                reason=request.POST.get("reason", ""),
                user=request.user,
            )
            messages.success(request, _("Метка с «%(phrase)s» снята.") % {"phrase": phrase})
        elif operation == MentionOverride.Action.FORCE:
            form = ForceMarkForm(request.POST)
            if not form.is_valid():
                errors = "; ".join(str(e) for field in form.errors.values() for e in field)
                messages.error(request, _("Метка не поставлена: %(error)s") % {"error": errors})
                return redirect("legal_reviews", page.pk)
            services.override_add(
                article=page,
                entry=form.cleaned_data["entry"],
                action=MentionOverride.Action.FORCE,
                phrase=form.cleaned_data["phrase"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
            messages.success(
                request,
                _("Метка на «%(phrase)s» поставлена.") % {"phrase": form.cleaned_data["phrase"]},
            )
        else:
            messages.error(request, _("Неизвестное решение."))
    except services.OverrideRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("legal_reviews", page.pk)


def article_preview(request: HttpRequest, page_id: int) -> HttpResponse:
    """The article's latest draft as readers would see it, for whoever may decide on its
    mentions or edit it: a lawyer has no page permissions, so Wagtail's own preview opens
    for them only while the article waits at their workflow step."""
    from polosa.news.models import ArticlePage

    page = get_object_or_404(ArticlePage, pk=page_id)
    if not (
        gate.can_decide(request.user, page) or page.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    latest = page.get_latest_revision_as_object()
    return latest.make_preview_request(request, latest.default_preview_mode)


def can_import(user) -> bool:
    """Who may replace a registry from a file: superusers, members of «Юристы», and anyone
    given the «add registry import» permission."""
    if not user or not user.is_authenticated:
        return False
    return (
        user.is_superuser or user.has_perm("legal.add_registryimport") or gate.in_legal_group(user)
    )


def registry_upload(request: HttpRequest) -> HttpResponse:
    """Upload an official registry file (or the canonical CSV) and import it.

    The file is parsed in full before anything is written and imported in one transaction:
    a broken file shows the importer's message (with its row or line) and changes nothing.
    """
    if not can_import(request.user):
        raise PermissionDenied
    from polosa.legal.importers import parse_file

    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        taken_at = form.cleaned_data["taken_at"]
        if form.cleaned_data["fmt"] == BLOCKED_FORMAT:
            return _blocked_upload(request, form, upload)
        try:
            entries, replaces = parse_file(form.cleaned_data["fmt"], upload.read())
            result = registry.import_entries(
                entries,
                kinds=[replaces] if replaces else None,
                source_name=upload.name,
                taken_at=taken_at,
                user=request.user,
            )
        except (engine.RegistryFormatError, registry.RegistryImportError) as exc:
            form.add_error(
                "file",
                _("Файл не импортирован, ничего не изменено: %(error)s") % {"error": exc},
            )
        else:
            messages.success(
                request,
                _(
                    "%(kinds)s: импортировано записей — %(rows)d (новых %(created)d, "
                    "изменено %(updated)d, удалено %(deleted)d). Копия реестра снята "
                    "%(taken_at)s."
                )
                % {
                    "kinds": ", ".join(str(Kind(kind).label) for kind in result.kinds),
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "deleted": result.deleted,
                    "taken_at": date_format(timezone.localtime(taken_at), "d.m.Y H:i"),
                },
            )
            return redirect("legal_import")
    return _upload_page(request, form)


def _upload_page(request: HttpRequest, form) -> HttpResponse:
    return TemplateResponse(
        request,
        "legal/registry_upload.html",
        {
            "form": form,
            "copies": _latest_copies(),
            "header_title": _("Загрузка реестра"),
            "page_title": _("Загрузка реестра"),
            "header_icon": "upload",
        },
    )


def _blocked_upload(request: HttpRequest, form, upload) -> HttpResponse:
    from polosa.legal.importers.blocked_csv import parse_blocked_csv

    try:
        rows = parse_blocked_csv(upload.read())
    except engine.RegistryFormatError as exc:
        form.add_error(
            "file", _("Файл не импортирован, ничего не изменено: %(error)s") % {"error": exc}
        )
        return _upload_page(request, form)
    result = services.blocked_import(rows, source_name=upload.name, user=request.user)
    messages.success(
        request,
        _(
            "Заблокированные ресурсы: импортировано — %(rows)d (новых %(created)d, "
            "изменено %(updated)d, удалено %(deleted)d)."
        )
        % result,
    )
    return redirect("legal_import")


def _latest_copies() -> list[dict]:
    """The newest copy of every labelled registry, for the table under the form."""
    freshness = registry.freshness()
    latest = {}
    for copy in RegistryImport.objects.order_by("kind", "-taken_at").select_related("imported_by"):
        latest.setdefault(copy.kind, copy)
    return [
        {
            "label": Kind(kind).label,
            "copy": latest.get(kind),
            "fresh": freshness.get(kind) == engine.FRESH,
        }
        for kind in registry.LABELLED_KINDS
    ]

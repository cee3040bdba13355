"""Legal labels in the Wagtail admin: registries as snippets, the freshness warning, and
the publishing gate on the editor's «Опубликовать»."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from polosa.legal import gate, registry, services, views
from polosa.legal.models import Kind, MentionReview, RegistryEntry, RegistryImport


class RegistryEntryViewSet(SnippetViewSet):
    model = RegistryEntry
    icon = "form"
    menu_label = _("Записи реестров")
    list_display = ["name", "kind", "entity_type", "included_on", "excluded_on", "external_id"]
    list_filter = ["kind", "entity_type"]
    search_fields = ["name", "aliases", "external_id"]
    search_backend_name = None
    list_per_page = 50


class RegistryImportViewSet(SnippetViewSet):
    model = RegistryImport
    icon = "download"
    menu_label = _("Импорты реестров")
    list_display = ["kind", "source_name", "row_count", "taken_at", "imported_at", "imported_by"]
    list_filter = ["kind"]
    inspect_view_enabled = True


class MentionReviewViewSet(SnippetViewSet):
    model = MentionReview
    icon = "warning"
    menu_label = _("Проверка упоминаний")
    list_display = ["matched_text", "article", "entry", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
    search_fields = ["matched_text", "entry_key"]
    search_backend_name = None
    panels = [FieldPanel("decision")]


class LegalViewSetGroup(SnippetViewSetGroup):
    items = (RegistryEntryViewSet, RegistryImportViewSet, MentionReviewViewSet)
    menu_icon = "warning"
    menu_label = _("Реестры")
    menu_name = "legal"
    submenu_hook = "register_legal_menu_item"


register_snippet(LegalViewSetGroup)


@hooks.register("register_admin_urls")
def legal_admin_urls():
    return [
        path("legal/reviews/<int:page_id>/", views.article_reviews, name="legal_reviews"),
        path("legal/import/", views.registry_upload, name="legal_import"),
    ]


class UploadMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_import(request.user)


@hooks.register("register_legal_menu_item")
def legal_upload_menu_item():
    return UploadMenuItem(
        _("Загрузить реестр"), reverse("legal_import"), name="legal-import", icon_name="upload"
    )


@hooks.register("after_edit_snippet")
def record_review_decision(request, instance):
    """A decision made in the «Проверка упоминаний» list goes through the same service as
    the article's review page: who and when, the page, feeds and channel post follow."""
    if not isinstance(instance, MentionReview):
        return
    if instance.decision == MentionReview.Decision.PENDING:
        services.article_labels_changed(instance.article_id, reason="legal review reopened")
    else:
        services.review_decide(review=instance, decision=instance.decision, user=request.user)


def stale_labels() -> list[str]:
    return [str(Kind(kind).label) for kind in registry.stale_kinds()]


class LegalStatusPanel(Component):
    """The dashboard warning: stale or missing registries, mentions waiting for a decision."""

    name = "legal_status"
    order = 50
    template_name = "legal/home_panel.html"

    def __init__(self, stale: list[str], pending: int) -> None:
        self.stale = stale
        self.pending = pending

    def get_context_data(self, parent_context=None):
        request = (parent_context or {}).get("request")
        return {
            "stale": self.stale,
            "pending": self.pending,
            "import_url": reverse("legal_import")
            if request is not None and views.can_import(request.user)
            else "",
            "reviews_url": reverse(MentionReviewViewSet().get_url_name("list"))
            + "?decision=pending",
        }


@hooks.register("construct_homepage_panels")
def legal_homepage_panel(request, panels):
    stale = stale_labels()
    pending = MentionReview.objects.filter(decision=MentionReview.Decision.PENDING).count()
    if stale or pending:
        panels.insert(0, LegalStatusPanel(stale, pending))


def _is_article(page) -> bool:
    from polosa.news.models import ArticlePage

    return isinstance(page.specific_deferred, ArticlePage)


@hooks.register("before_edit_page")
def warn_editor(request, page):
    """In the editor: say when the registry check cannot be trusted (stale copies)."""
    if request.method != "GET" or not _is_article(page):
        return None
    stale = stale_labels()
    if stale:
        messages.warning(
            request,
            _(
                "Проверка упоминаний по реестрам не гарантирована: копии устарели "
                "или не загружены (%(kinds)s). Метки ставятся по имеющимся данным."
            )
            % {"kinds": ", ".join(stale)},
        )
    return None


@hooks.register("before_publish_page")
def publishing_gate(request, page):
    """Refuse to publish (or schedule) an article with undecided uncertain mentions."""
    if not _is_article(page):
        return None
    rows = gate.pending_reviews(page.specific_deferred)
    if not rows:
        return None
    messages.error(request, gate.blocked_message(page, rows))
    return redirect("wagtailadmin_pages:edit", page.pk)

"""Legal labels in the Wagtail admin: registries and reviews as snippets (a review shows its
sentence and is never added by hand), the freshness warning, the mentions waiting for a
decision in the article editor, and the publishing gate on the editor's «Опубликовать»."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    IndexView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from polosa.legal import context, gate, registry, services, views
from polosa.legal.models import (
    BlockedResource,
    Kind,
    LinkReview,
    MentionReview,
    RegistryEntry,
    RegistryImport,
    RegistrySource,
    RegistryUpdate,
)
from polosa.legal.panels import MentionContextPanel


class ReviewPermissionPolicy(ModelPermissionPolicy):
    """Reviews are opened by the engine when it is unsure of a mention: nobody adds (or
    copies) one by hand, whatever their permissions."""

    def user_has_permission(self, user, action: str) -> bool:
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "add"])


class ReportPermissionPolicy(ModelPermissionPolicy):
    """Update reports are written by the worker: read them, never add or edit one."""

    def user_has_permission(self, user, action: str) -> bool:
        return action not in ("add", "change") and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in ("add", "change")])


# Before the viewsets below are registered: they would create the default policies.
register_permission_policy(MentionReview, ReviewPermissionPolicy(MentionReview))
register_permission_policy(LinkReview, ReviewPermissionPolicy(LinkReview))
register_permission_policy(RegistryUpdate, ReportPermissionPolicy(RegistryUpdate))


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


class RegistrySourceViewSet(SnippetViewSet):
    model = RegistrySource
    icon = "link"
    menu_label = _("Источники реестров")
    list_display = [
        "name",
        "fmt",
        "url",
        "enabled",
        "interval_hours",
        "next_check_at",
        "last_good_at",
    ]
    panels = [
        FieldPanel("name"),
        FieldPanel("fmt"),
        FieldPanel("url"),
        FieldPanel("enabled"),
        FieldPanel("interval_hours"),
        FieldPanel("max_drop_percent"),
        FieldPanel("next_check_at"),
    ]


class BlockedResourceViewSet(SnippetViewSet):
    model = BlockedResource
    icon = "cross"
    menu_label = _("Заблокированные ресурсы")
    list_display = ["address", "kind", "key", "note", "included_on"]
    list_filter = ["kind"]
    search_fields = ["address", "key", "note"]
    search_backend_name = None
    list_per_page = 50
    panels = [
        FieldPanel("kind"),
        FieldPanel("address"),
        FieldPanel("note"),
        FieldPanel("included_on"),
    ]


class RegistryUpdateInspectView(InspectView):
    """A report: what came, what was done, the new entries, the exclusions and the
    published articles that now need a mark (linked to their editor)."""

    def get_added_display_value(self):
        return self._entries(self.object.added)

    def get_excluded_display_value(self):
        return self._entries(self.object.excluded)

    def get_articles_display_value(self):
        from django.utils.html import format_html, format_html_join

        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> — {}</li>',
                (
                    (
                        reverse("wagtailadmin_pages:edit", args=[item["id"]]),
                        item["title"],
                        ", ".join(item["entries"]),
                    )
                    for item in self.object.articles
                ),
            ),
        )

    @staticmethod
    def _entries(items):
        from django.utils.html import format_html, format_html_join

        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} ({})</li>",
                ((item["name"], Kind(item["kind"]).label) for item in items),
            ),
        )


class RegistryUpdateViewSet(SnippetViewSet):
    model = RegistryUpdate
    icon = "history"
    menu_label = _("Обновления реестров")
    inspect_view_enabled = True
    inspect_view_class = RegistryUpdateInspectView
    copy_view_enabled = False
    list_display = [
        "source",
        "checked_at",
        StatusTagColumn(
            "status",
            label=_("Итог"),
            accessor="get_status_display",
            sort_key="status",
            primary=lambda update: (
                update.status in (RegistryUpdate.Status.REFUSED, RegistryUpdate.Status.FAILED)
            ),
        ),
        "message",
        "articles_total",
    ]
    list_filter = ["status", "source"]

    def get_queryset(self, request):
        return RegistryUpdate.objects.select_related("source")


class SentenceColumn(Column):
    """The sentences of the article's current text that hold the match, and the links."""

    cell_template_name = "legal/sentence_cell.html"

    def get_value(self, instance: MentionReview) -> context.ReviewInContext:
        return context.review_in_context(instance)


class ReviewPaginator(WagtailPaginator):
    @cached_property
    def items_count_label(self) -> str:
        # Wagtail's own puts the plural verbose name after every count but 1.
        return ngettext(
            "%(count)d проверка упоминания", "%(count)d проверки упоминаний", self.count
        ) % {"count": self.count}


class MentionReviewIndexView(IndexView):
    paginator_class = ReviewPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        object_list = list(object_list)
        # One query and one scan per article for the whole page, not per row.
        context.reviews_in_context(object_list)
        return paginator, page, object_list, is_paginated

    @cached_property
    def no_results_message(self) -> str:
        if self.is_searching or self.is_filtering:
            return gettext("Нет проверок упоминаний, подходящих под условия.")
        return gettext("Проверок упоминаний нет: движку не попадались сомнительные упоминания.")


class MentionReviewEditView(EditView):
    def get_page_subtitle(self) -> str:
        return context.review_in_context(self.object).title

    def get_success_message(self) -> str:
        return gettext("«%(text)s» в материале «%(headline)s»: %(decision)s.") % {
            "text": self.object.matched_text,
            "headline": context.review_in_context(self.object).headline,
            "decision": self.object.get_decision_display(),
        }


class MentionReviewDeleteView(DeleteView):
    def get_page_subtitle(self) -> str:
        return context.review_in_context(self.object).title

    def get_usage_url(self) -> None:
        return None  # nothing refers to a review

    @property
    def confirmation_message(self) -> str:
        return (
            gettext(
                "Удалить проверку «%(text)s» в материале «%(headline)s»? Решение по ней забудется; "
                "если эти слова остались в тексте, проверка откроется снова."
            )
            % self._names()
        )

    def get_success_message(self) -> str:
        return gettext("Проверка «%(text)s» в материале «%(headline)s» удалена.") % self._names()

    def _names(self) -> dict[str, str]:
        return {
            "text": self.object.matched_text,
            "headline": context.review_in_context(self.object).headline,
        }


def decision_columns(model) -> list:
    """The lawyer's decision on a review row (pending ones stand out), who and when."""
    return [
        StatusTagColumn(
            "decision",
            label=_("Решение"),
            accessor="get_decision_display",
            sort_key="decision",
            primary=lambda row: row.decision == model.Decision.PENDING,
        ),
        "decided_by",
        "decided_at",
    ]


class MentionReviewViewSet(SnippetViewSet):
    model = MentionReview
    icon = "warning"
    menu_label = _("Проверка упоминаний")
    index_view_class = MentionReviewIndexView
    edit_view_class = MentionReviewEditView
    delete_view_class = MentionReviewDeleteView
    copy_view_enabled = False
    list_display = [
        "article",
        Column("matched_text", label=_("Найдено")),
        SentenceColumn("sentence", label=_("Предложение")),
        "entry",
        *decision_columns(MentionReview),
    ]
    list_filter = ["decision"]
    search_fields = ["matched_text", "entry_key", "article__title"]
    search_backend_name = None
    panels = [MentionContextPanel(heading=_("Где найдено")), FieldPanel("decision")]

    def get_queryset(self, request):
        return MentionReview.objects.select_related("article", "entry", "decided_by")

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().exclude(codename="add_mentionreview")


class LinkReviewViewSet(SnippetViewSet):
    """Every link to a blocked resource found in an article, across the newsroom: the
    pending ones first in the lawyer's queue («Решение: ждёт решения»)."""

    model = LinkReview
    icon = "link-external"
    menu_label = _("Проверка ссылок")
    copy_view_enabled = False
    list_display = [
        "article",
        Column("href", label=_("Ссылка")),
        Column("text", label=_("Текст ссылки")),
        "resource",
        *decision_columns(LinkReview),
    ]
    list_filter = ["decision"]
    search_fields = ["href", "text", "resource_key", "article__title"]
    search_backend_name = None
    panels = [FieldPanel("decision")]

    def get_queryset(self, request):
        return LinkReview.objects.select_related("article", "resource", "decided_by")

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().exclude(codename="add_linkreview")


class LegalViewSetGroup(SnippetViewSetGroup):
    items = (
        RegistryEntryViewSet,
        RegistryImportViewSet,
        MentionReviewViewSet,
        LinkReviewViewSet,
        RegistrySourceViewSet,
        RegistryUpdateViewSet,
        BlockedResourceViewSet,
    )
    menu_icon = "warning"
    menu_label = _("Реестры")
    menu_name = "legal"
    submenu_hook = "register_legal_menu_item"


register_snippet(LegalViewSetGroup)


@hooks.register("register_admin_urls")
def legal_admin_urls():
    from polosa.legal.reports import MentionsReportView

    return [
        path("legal/mentions/", MentionsReportView.as_view(), name="legal_mentions_report"),
        path(
            "legal/mentions/results/",
            MentionsReportView.as_view(results_only=True),
            name="legal_mentions_report_results",
        ),
        path("legal/reviews/<int:page_id>/", views.article_reviews, name="legal_reviews"),
        path("legal/reviews/<int:page_id>/preview/", views.article_preview, name="legal_preview"),
        path(
            "legal/reviews/<int:page_id>/overrides/",
            views.article_overrides,
            name="legal_overrides",
        ),
        path("legal/import/", views.registry_upload, name="legal_import"),
    ]


class UploadMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_import(request.user)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        from polosa.legal.reports import can_read_reports

        return can_read_reports(request.user)


@hooks.register("register_legal_menu_item")
def legal_mentions_menu_item():
    return ReportMenuItem(
        _("Упоминания в материалах"),
        reverse("legal_mentions_report"),
        name="legal-mentions",
        icon_name="list-ul",
    )


@hooks.register("register_reports_menu_item")
def legal_mentions_reports_item():
    return ReportMenuItem(
        _("Упоминания в материалах"),
        reverse("legal_mentions_report"),
        name="legal-mentions-report",
        icon_name="warning",
    )


@hooks.register("register_admin_viewset")
def article_listing_viewset():
    from polosa.legal.reports import ArticleListingViewSet

    return ArticleListingViewSet("legal_articles")


@hooks.register("register_legal_menu_item")
def legal_articles_menu_item():
    return ReportMenuItem(
        _("Материалы и маркировка"),
        reverse("legal_articles:index"),
        name="legal-articles",
        icon_name="doc-full",
    )


@hooks.register("register_legal_menu_item")
def legal_upload_menu_item():
    return UploadMenuItem(
        _("Загрузить реестр"), reverse("legal_import"), name="legal-import", icon_name="upload"
    )


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
@hooks.register("after_delete_snippet")
def blocked_resources_edited(request, instances):
    """A blocked resource added, edited or deleted by hand re-labels like an import."""
    items = instances if isinstance(instances, list | tuple) else [instances]
    if any(isinstance(item, BlockedResource) for item in items):
        services.blocked_changed(reason="blocked resource edited")


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def record_blocked_links(request, page):
    """Links to blocked resources are found when an article is saved: the reviewer's list
    has them at once (the editor says so on the next opening)."""
    if not _is_article(page):
        return None
    from polosa.legal import blocked

    blocked.pending_links(page.get_latest_revision_as_object())
    return None


@hooks.register("after_edit_snippet")
def record_review_decision(request, instance):
    """A decision made in the «Проверка упоминаний» list goes through the same service as
    the article's review page: who and when, the page, feeds and channel post follow."""
    if isinstance(instance, LinkReview):
        if instance.decision == LinkReview.Decision.PENDING:
            services.article_labels_changed(instance.article_id, reason="link review reopened")
        else:
            services.link_decide(link=instance, decision=instance.decision, user=request.user)
        return
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

    def __init__(self, stale: list[str], pending: int, pending_links: int = 0) -> None:
        self.stale = stale
        self.pending = pending
        self.pending_links = pending_links

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
            "pending_links": self.pending_links,
            "links_url": reverse(LinkReviewViewSet().get_url_name("list")) + "?decision=pending",
        }


@hooks.register("construct_homepage_panels")
def legal_homepage_panel(request, panels):
    stale = stale_labels()
    pending = MentionReview.objects.filter(decision=MentionReview.Decision.PENDING).count()
    links = LinkReview.objects.filter(decision=LinkReview.Decision.PENDING).count()
    if stale or pending or links:
        panels.insert(0, LegalStatusPanel(stale, pending, links))


def _is_article(page) -> bool:
    from polosa.news.models import ArticlePage

    return isinstance(page.specific_deferred, ArticlePage)


@hooks.register("before_edit_page")
def warn_editor(request, page):
    """In the editor, on every opening: the mentions of the current text that wait for a
    decision (with their sentences and where to decide), and whether the registry check
    can be trusted at all (stale copies)."""
    if request.method != "GET" or not _is_article(page):
        return None
    pending_mentions_message(request, page)
    pending_links_message(request, page)
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


def pending_count_text(count: int) -> str:
    """«1 упоминание ждёт решения юриста», «3 упоминания ждут…», «5 упоминаний ждут…»."""
    return ngettext(
        "%(count)d упоминание ждёт решения юриста",
        "%(count)d упоминания ждут решения юриста",
        count,
    ) % {"count": count}


def pending_mentions_message(request, page) -> None:
    """``page`` is the latest revision, as the editor shows it."""
    check = context.check_article(page)
    if not check.pending:
        return
    prefetch_related_objects(check.pending, "entry")
    messages.warning(
        request,
        render_to_string(
            "legal/editor_pending.html",
            {
                "count_text": pending_count_text(len(check.pending)),
                "rows": [(row, check.sentences_of(row)) for row in check.pending],
                "links": context.ArticleLinks.for_article(page.pk),
            },
            request=request,
        ),
    )


def pending_links_count_text(count: int) -> str:
    return ngettext(
        "%(count)d ссылка на заблокированный ресурс ждёт решения юриста (пока показывается "
        "без ссылки)",
        "%(count)d ссылки на заблокированные ресурсы ждут решения юриста (пока "
        "показываются без ссылок)",
        count,
    ) % {"count": count}


def pending_links_message(request, page) -> None:
    from django.utils.html import format_html

    from polosa.legal import blocked

    rows = blocked.pending_links(page)
    if rows:
        messages.warning(
            request,
            format_html(
                '{}: {}. <a href="{}#legal-links">{}</a>',
                pending_links_count_text(len(rows)),
                ", ".join(row.href for row in rows),
                reverse("legal_reviews", args=[page.pk]),
                gettext("Решить"),
            ),
        )


@hooks.register("before_publish_page")
def publishing_gate(request, page):
    """Refuse to publish (or schedule) an article with undecided uncertain mentions or
    links to blocked resources."""
    if not _is_article(page):
        return None
    pending = gate.pending_decisions(page.specific_deferred)
    if not pending:
        return None
    messages.error(request, gate.blocked_message(page, pending))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_log_actions")
def legal_log_actions(actions):
    """The legal decisions in an article's history: who, when, on which words and why."""
    from wagtail.log_actions import LogFormatter

    class LegalLogFormatter(LogFormatter):
        def format_comment(self, log_entry) -> str:
            return log_entry.data.get("reason", "")

    @actions.register_action(services.LOG_REVIEW_DECIDED)
    class ReviewDecided(LegalLogFormatter):
        label = _("Юрист: решение по упоминанию")

        def format_message(self, log_entry) -> str:
            data = log_entry.data
            decision = data.get("decision", "")
            wording = (
                MentionReview.Decision(decision).label
                if decision in MentionReview.Decision.values
                else decision
            )
            return gettext("«%(text)s» (%(entry)s): %(decision)s") % {
                "text": data.get("text", ""),
                "entry": data.get("entry", ""),
                "decision": wording,
            }

    @actions.register_action(services.LOG_LINK_DECIDED)
    class LinkDecided(LegalLogFormatter):
        label = _("Юрист: решение по ссылке на заблокированный ресурс")

        def format_message(self, log_entry) -> str:
            from polosa.legal.models import LinkReview

            decision = log_entry.data.get("decision", "")
            wording = (
                LinkReview.Decision(decision).label
                if decision in LinkReview.Decision.values
                else decision
            )
            return gettext("Ссылка %(href)s: %(decision)s") % {
                "href": log_entry.data.get("href", ""),
                "decision": wording,
            }

    @actions.register_action(services.LOG_MARK_FORCED)
    class MarkForced(LegalLogFormatter):
        label = _("Юрист: метка поставлена вручную")

        def format_message(self, log_entry) -> str:
            return gettext("Метка поставлена вручную: «%(phrase)s» — %(entry)s") % {
                "phrase": log_entry.data.get("phrase", ""),
                "entry": log_entry.data.get("entry", ""),
            }

    @actions.register_action(services.LOG_MARK_SUPPRESSED)
    class MarkSuppressed(LegalLogFormatter):
        label = _("Юрист: метка снята вручную")

        def format_message(self, log_entry) -> str:
            return gettext("Метка снята вручную: «%(phrase)s» — %(entry)s") % {
                "phrase": log_entry.data.get("phrase", ""),
                "entry": log_entry.data.get("entry", ""),
            }

    @actions.register_action(services.LOG_OVERRIDE_WITHDRAWN)
    class OverrideWithdrawn(LegalLogFormatter):
        label = _("Юрист: ручное решение отменено")

        def format_message(self, log_entry) -> str:
            return gettext("Ручное решение отменено: «%(phrase)s» — %(entry)s") % {
                "phrase": log_entry.data.get("phrase", ""),
                "entry": log_entry.data.get("entry", ""),
            }


@hooks.register("register_page_header_buttons")
def legal_review_header_button(page, user, view_name, next_url=None):
    """«Маркировка» in an article's header menu: its marks, overrides, uncertain mentions
    and blocked links on one page, for those who may decide on them."""
    from wagtail.admin.widgets import Button

    from polosa.news.models import ArticlePage

    if not issubclass(page.specific_class or type(page), ArticlePage):
        return
    if gate.can_decide(user, page):
        yield Button(
            _("Маркировка"),
            reverse("legal_reviews", args=[page.pk]),
            icon_name="warning",
            priority=58,
        )

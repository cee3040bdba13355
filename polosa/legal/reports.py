"""Admin reports of the legal app: the mentions report (which published articles mention
which registry entries, filterable, exportable as CSV or XLSX) and the article listing with
its «с маркировкой» filter and column."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef
from django.forms import RadioSelect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.pages import PageListingViewSet

from polosa.legal import gate
from polosa.legal.models import ArticleMention, Kind
from polosa.news.models import ArticlePage


def can_read_reports(user) -> bool:
    """Superusers, «Юрист», and anyone who may view registry entries."""
    if not user or not user.is_authenticated:
        return False
    return (
        user.is_superuser or user.has_perm("legal.view_registryentry") or gate.in_legal_group(user)
    )


class MentionsFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Реестр"), field_name="entry__kind", choices=Kind.choices
    )
    entry = django_filters.CharFilter(
        label=_("Запись реестра"), field_name="entry__name", lookup_expr="icontains"
    )
    published = django_filters.DateFromToRangeFilter(
        label=_("Опубликовано"), field_name="article__published_at", widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(
        label=_("Состояние"), choices=ArticleMention.Status.choices
    )

    class Meta:
        model = ArticleMention
        fields = ["kind", "entry", "published", "status"]


class ArticleColumn(TitleColumn):
    def get_link_url(self, instance: ArticleMention, parent_context) -> str:
        return reverse("wagtailadmin_pages:edit", args=[instance.article_id])


class MentionsReportView(ReportView):
    page_title = _("Упоминания в материалах")
    header_icon = "warning"
    index_url_name = "legal_mentions_report"
    index_results_url_name = "legal_mentions_report_results"
    filterset_class = MentionsFilterSet
    model = ArticleMention
    paginate_by = 50
    columns = [
        ArticleColumn("article_title", label=_("Материал")),
        DateColumn("published_at", label=_("Опубликовано")),
        Column("entry_name", label=_("Запись реестра")),
        Column("kind_label", label=_("Реестр")),
        Column("text", label=_("Найдено")),
        Column("status_label", label=_("Состояние")),
    ]
    list_export = [
        "article_title",
        "article_url",
        "published_at",
        "entry_name",
        "kind_label",
        "text",
        "status_label",
    ]
    export_headings = {
        "article_title": _("Материал"),
        "article_url": _("Адрес"),
        "published_at": _("Опубликовано"),
        "entry_name": _("Запись реестра"),
        "kind_label": _("Реестр"),
        "text": _("Найдено"),
        "status_label": _("Состояние"),
    }
    export_filename = "upominaniya"

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not can_read_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return ArticleMention.objects.select_related("article", "entry").order_by(
            "-article__published_at", "article_id", "entry__name"
        )


class LabelledFilter(django_filters.ChoiceFilter):
    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(legal_labelled=value == "true")


class ArticleFilterSet(PageFilterSet):
    labelled = LabelledFilter(
        label=_("С маркировкой"),
        empty_label=_("Все"),
        choices=[("true", _("С маркировкой")), ("false", _("Без маркировки"))],
        widget=RadioSelect,
    )

    class Meta(PageFilterSet.Meta):
        fields = [*getattr(PageFilterSet.Meta, "fields", []), "labelled"]


class ArticleIndexView(PageIndexView):
    def get_base_queryset(self):
        marked = ArticleMention.objects.filter(
            article_id=OuterRef("pk"), status=ArticleMention.Status.MARKED
        )
        return super().get_base_queryset().annotate(legal_labelled=Exists(marked))


class ArticleListingViewSet(PageListingViewSet):
    """Every article in one list, with whether readers see legal marks on it (a filter and
    a column); reached from the «Реестры» menu."""

    model = ArticlePage
    icon = "doc-full"
    menu_label = _("Материалы и маркировка")
    add_to_admin_menu = False
    name = "legal_articles"
    index_view_class = ArticleIndexView
    filterset_class = ArticleFilterSet
    columns = [
        *PageIndexView.base_columns,
        BooleanColumn("legal_labelled", label=_("С маркировкой"), sort_key="legal_labelled"),
    ]

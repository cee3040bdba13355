"""The «Срочно» screens of the admin: the current banner, setting one from an article,
taking it down. Every write goes through :mod:`polosa.newsroom.services`.

«Первая полоса» needs no view of its own: it is a site setting (Wagtail's settings screen,
guarded by «change»), whose saves reach :func:`~polosa.newsroom.services.front_page_changed`
through the ``after_edit_setting`` hook.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from polosa.core.dates import format_published
from polosa.newsroom import services
from polosa.newsroom.forms import UrgentBannerForm

SET_PERMISSION = "newsroom.add_urgentbanner"
REMOVE_PERMISSION = "newsroom.delete_urgentbanner"
ICON = "warning"


def may_set_urgent(user) -> bool:
    return user.has_perm(SET_PERMISSION)


def may_remove_urgent(user) -> bool:
    return user.has_perm(REMOVE_PERMISSION)


def _when(moment) -> str:
    return format_published(moment, timezone.now())


def _current_banner(request: HttpRequest) -> dict:
    """The banner last set (shown or not any more), for the screens to say what is up."""
    from polosa.newsroom import selectors
    from polosa.newsroom.models import UrgentBanner

    banner = UrgentBanner.objects.select_related("article").first()
    shown = selectors.urgent_banner() if banner is not None else None
    return {
        "banner": banner,
        "shown": shown is not None and shown.pk == banner.pk,
        "may_remove": may_remove_urgent(request.user),
    }


class UrgentView(WagtailAdminTemplateMixin, TemplateView):
    """«Срочно»: the banner up now (or the last one, expired), and a button to take it down."""

    template_name = "newsroom/admin/urgent_index.html"
    page_title = gettext_lazy("Срочно")
    header_icon = ICON

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (may_set_urgent(request.user) or may_remove_urgent(request.user)):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), **_current_banner(self.request)}


class UrgentSetView(WagtailAdminTemplateMixin, FormView):
    """Put up «Срочно» for one article: the headline and two hours unless changed."""

    template_name = "newsroom/admin/urgent_form.html"
    form_class = UrgentBannerForm
    page_title = gettext_lazy("Срочно")
    header_icon = ICON

    def dispatch(self, request: HttpRequest, article_id: int, *args, **kwargs) -> HttpResponse:
        from polosa.news import listing
        from polosa.news.models import ArticlePage

        if not may_set_urgent(request.user):
            return permission_denied(request)
        self.article = get_object_or_404(ArticlePage.objects.defer_streamfields(), pk=article_id)
        if not listing.published_articles().filter(pk=article_id).exists():
            messages.error(
                request,
                _("«Срочно» ставят только опубликованному материалу, открытому всем читателям."),
            )
            return redirect("wagtailadmin_pages:edit", article_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.article.title

    def get_breadcrumbs_items(self) -> list:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("newsroom_urgent"), "label": _("Срочно")},
            {"url": "", "label": self.article.title},
        ]

    def get_initial(self) -> dict:
        until = timezone.localtime() + services.URGENT_DEFAULT_DURATION
        return {
            "text": self.article.title,
            "until": until.replace(second=0, microsecond=0),
        }

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(
            _current_banner(self.request),
            article=self.article,
            action_url=self.request.path,
            submit_button_label=_("Поставить «Срочно»"),
            submit_button_active_label=_("Ставим…"),
        )
        return context

    def form_valid(self, form: UrgentBannerForm) -> HttpResponse:
        banner = services.urgent_set(
            article=self.article,
            text=form.cleaned_data["text"],
            until=form.cleaned_data["until"],
            user=self.request.user,
        )
        messages.success(
            self.request,
            _("«Срочно» стоит до %(until)s: «%(text)s».")
            % {"until": _when(banner.until), "text": banner.text},
        )
        return redirect("newsroom_urgent")


@require_POST
def urgent_remove(request: HttpRequest) -> HttpResponse:
    if not may_remove_urgent(request.user):
        return permission_denied(request)
    if services.urgent_remove():
        messages.success(request, _("Плашка «Срочно» снята."))
    else:
        messages.warning(request, _("Плашки «Срочно» уже нет."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("newsroom_urgent")
    return redirect(target)

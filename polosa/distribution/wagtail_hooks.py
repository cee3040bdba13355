"""The Telegram outbox in the Wagtail admin, and a warning when nothing can be posted.

A row is made by publishing, never by hand: no «Добавить», no copy. The list shows what
an editor needs to check the channel: the headline, the post's text, its state in words,
the link to the message; a failed or uncertain post can be sent again, after a
confirmation, through :func:`polosa.distribution.outbox.send_again`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from polosa.distribution import conf, outbox
from polosa.distribution.articles import attach_corrections
from polosa.distribution.models import TelegramPost

NOT_CONFIGURED = _(
    "Telegram не настроен (нет POLOSA_TELEGRAM_TOKEN или POLOSA_TELEGRAM_CHANNEL): "
    "в канал ничего не публикуется."
)
SEND_AGAIN_URL = "distribution_telegram_send_again"
IN_CHANNEL_URL = "distribution_telegram_in_channel"


#: Posts are created by publishing, and their row is what keeps an article from being
#: posted twice (a deleted row would let a republication post it again).
NOBODY_MAY = frozenset({"add", "delete"})


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Nobody adds, copies or deletes a post by hand, whatever their rights."""

    def user_has_permission(self, user, action: str) -> bool:
        return action not in NOBODY_MAY and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in NOBODY_MAY])


# Before the viewset below is registered: it would create the default policy.
register_permission_policy(TelegramPost, OutboxPermissionPolicy(TelegramPost))


class HeadlineColumn(Column):
    cell_template_name = "distribution/admin/headline_cell.html"

    def get_value(self, instance: TelegramPost) -> dict:
        article = instance.article
        latest = next(iter(article.correction_list), None)  # attached by the list
        return {
            "title": article.title,
            "url": reverse("wagtailadmin_pages:edit", args=[article.pk]),
            "correction": outbox.correction_words(latest) if latest else "",
        }


class PreviewColumn(Column):
    cell_template_name = "distribution/admin/preview_cell.html"

    def get_value(self, instance: TelegramPost):
        return outbox.as_html(outbox.preview_text(instance))


class MessageLinkColumn(Column):
    cell_template_name = "distribution/admin/link_cell.html"

    def get_value(self, instance: TelegramPost) -> str:
        return outbox.message_url(instance)


class ActionsColumn(Column):
    cell_template_name = "distribution/admin/actions_cell.html"

    def get_value(self, instance: TelegramPost) -> list[tuple[str, str]]:
        actions = []
        if outbox.may_duplicate(instance):
            url = reverse(IN_CHANNEL_URL, args=[instance.pk])
            actions.append((gettext("Пост есть в канале"), url))
        if outbox.can_send_again(instance):
            actions.append(
                (gettext("Отправить ещё раз"), reverse(SEND_AGAIN_URL, args=[instance.pk]))
            )
        return actions


class OutboxPaginator(WagtailPaginator):
    @cached_property
    def items_count_label(self) -> str:
        # Wagtail's own puts the plural verbose name after every count but 1.
        return ngettext("%(count)d пост", "%(count)d постов", self.count) % {"count": self.count}


class OutboxIndexView(IndexView):
    paginator_class = OutboxPaginator

    @cached_property
    def no_results_message(self) -> str:
        if self.is_searching or self.is_filtering:
            return gettext("Нет постов в Telegram, подходящих под условия.")
        return gettext("Постов в Telegram пока нет: они появляются, когда материал публикуется.")

    def get_table(self, object_list):
        # The notes of the corrected articles on this page, in one query (none if none is).
        object_list = list(object_list)
        attach_corrections([post.article for post in object_list])
        return super().get_table(object_list)

    def get_edit_url(self, instance: TelegramPost) -> None:
        return None  # a post changes through its actions, not through a form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["telegram_enabled"] = conf.telegram_enabled()
        context["not_configured"] = NOT_CONFIGURED
        if not context["telegram_enabled"]:
            context["would_post"] = outbox.would_post()
        return context


class TelegramPostViewSet(SnippetViewSet):
    """The outbox: what was posted, what waits and why. Editors may resolve an
    ``uncertain`` post after checking the channel: set it to sent, or send it again."""

    model = TelegramPost
    icon = "mail"
    menu_label = _("Telegram")
    add_to_admin_menu = True
    menu_order = 900
    index_view_class = OutboxIndexView
    index_template_name = "distribution/admin/outbox_index.html"
    copy_view_enabled = False
    list_display = [
        HeadlineColumn("article", label=_("Материал"), sort_key="article__title"),
        PreviewColumn("text", label=_("Текст поста")),
        StatusTagColumn(
            "state",
            label=_("Состояние"),
            accessor=outbox.state_words,
            sort_key="state",
            primary=lambda post: post.state in outbox.RESENDABLE,
        ),
        Column("time", label=_("Время"), accessor=outbox.post_time, sort_key="updated_at"),
        MessageLinkColumn("link", label=_("В канале")),
        ActionsColumn("actions", label=_("Действия")),
    ]
    list_filter = ["state", "action"]
    list_export = ["article", "state", "message_id", "attempts", "sent_at", "last_error"]
    panels = [FieldPanel("state", read_only=True), FieldPanel("last_error", read_only=True)]

    def get_queryset(self, request):
        return TelegramPost.objects.select_related("article__main_image")

    def get_permissions_to_register(self):
        return (
            super()
            .get_permissions_to_register()
            .exclude(codename__in=["add_telegrampost", "delete_telegrampost"])
        )


register_snippet(TelegramPostViewSet)


def changeable_post(request: HttpRequest, pk: int) -> tuple[TelegramPost, str]:
    post = get_object_or_404(TelegramPost.objects.select_related("article"), pk=pk)
    policy = TelegramPostViewSet().permission_policy
    if not policy.user_has_permission_for_instance(request.user, "change", post):
        raise PermissionDenied
    return post, reverse(TelegramPostViewSet().get_url_name("list"))


def send_again_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation of «Отправить ещё раз» (GET) and the sending itself (POST)."""
    post, index_url = changeable_post(request, pk)
    if not outbox.can_send_again(post):
        messages.error(request, gettext("Этот пост нельзя отправить ещё раз: он не в ошибке."))
        return redirect(index_url)
    if request.method == "POST":
        try:
            outbox.send_again(post, user=request.user)
        except outbox.NotResendable:
            messages.error(request, gettext("Пост уже отправляется или отправлен."))
        else:
            messages.success(
                request,
                gettext("Пост «%(headline)s» снова в очереди на отправку.")
                % {"headline": post.article.title},
            )
        return redirect(index_url)
    return TemplateResponse(
        request,
        "distribution/admin/send_again.html",
        {
            "post": post,
            "may_duplicate": outbox.may_duplicate(post),
            "state": outbox.state_words(post),
            "preview": outbox.as_html(outbox.preview_text(post)),
            "index_url": index_url,
            "page_title": gettext("Отправить ещё раз"),
            "header_title": gettext("Отправить пост ещё раз"),
        },
    )


def in_channel_view(request: HttpRequest, pk: int) -> HttpResponse:
    """«Пост есть в канале» for an uncertain post: the editor found it, with its link."""
    post, index_url = changeable_post(request, pk)
    if not outbox.may_duplicate(post):
        messages.error(request, gettext("Этот пост не ждёт проверки канала."))
        return redirect(index_url)
    error = ""
    if request.method == "POST":
        try:
            message_id = outbox.parse_message_link(request.POST.get("link", ""))
        except ValueError:
            error = gettext("Вставьте ссылку на пост, например https://t.me/канал/123, или номер.")
        else:
            try:
                outbox.confirm_in_channel(post, user=request.user, message_id=message_id)
            except outbox.NotResendable:
                messages.error(request, gettext("Пост уже отправляется или отправлен."))
            else:
                messages.success(
                    request,
                    gettext("Пост «%(headline)s» отмечен как опубликованный в канале.")
                    % {"headline": post.article.title},
                )
            return redirect(index_url)
    return TemplateResponse(
        request,
        "distribution/admin/in_channel.html",
        {
            "post": post,
            "error": error,
            "preview": outbox.as_html(outbox.preview_text(post)),
            "index_url": index_url,
            "page_title": gettext("Пост есть в канале"),
            "header_title": gettext("Пост есть в канале"),
        },
    )


@hooks.register("register_admin_urls")
def outbox_admin_urls():
    return [
        path(
            "distribution/telegram/<int:pk>/send-again/",
            send_again_view,
            name=SEND_AGAIN_URL,
        ),
        path(
            "distribution/telegram/<int:pk>/in-channel/",
            in_channel_view,
            name=IN_CHANNEL_URL,
        ),
    ]


class TelegramWarningPanel(Component):
    order = 10

    def render_html(self, parent_context=None) -> str:
        return format_html(
            '<section class="panel help-block help-warning" role="alert"><p>{}</p></section>',
            NOT_CONFIGURED,
        )


@hooks.register("polosa_articles_generated")
def date_generated_articles(articles) -> None:
    """Bulk-generated articles: their blocks' sitemap dates, as after a publication."""
    from polosa.distribution import sitemap_dates

    for article in articles:
        sitemap_dates.article_changed(article.pk)


@hooks.register("construct_homepage_panels")
def telegram_warning(request, panels) -> None:
    if not conf.telegram_enabled():
        panels.append(TelegramWarningPanel())

"""The Telegram outbox in the Wagtail admin, and a warning when nothing can be posted."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from polosa.distribution import conf
from polosa.distribution.models import TelegramPost

NOT_CONFIGURED = _(
    "Telegram не настроен (нет POLOSA_TELEGRAM_TOKEN или POLOSA_TELEGRAM_CHANNEL): "
    "в канал ничего не публикуется."
)


class OutboxIndexView(IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not conf.telegram_enabled():
            from django.contrib import messages

            messages.warning(self.request, NOT_CONFIGURED)
        return context


class TelegramPostViewSet(SnippetViewSet):
    """The outbox: what was posted, what waits and why. Editors may resolve an
    ``uncertain`` post after checking the channel (set it to sent or back to the queue)."""

    model = TelegramPost
    icon = "mail"
    menu_label = _("Telegram")
    add_to_admin_menu = True
    menu_order = 900
    index_view_class = OutboxIndexView
    list_display = ["article", "state", "action", "message_id", "attempts", "last_error"]
    list_filter = ["state", "action"]
    list_export = ["article", "state", "message_id", "attempts", "sent_at", "last_error"]
    panels = [
        FieldPanel("state"),
        FieldPanel("action"),
        FieldPanel("message_id"),
        FieldPanel("next_attempt_at"),
        FieldPanel("last_error", read_only=True),
    ]


register_snippet(TelegramPostViewSet)


class TelegramWarningPanel(Component):
    order = 10

    def render_html(self, parent_context=None) -> str:
        return format_html(
            '<section class="panel help-block help-warning" role="alert"><p>{}</p></section>',
            NOT_CONFIGURED,
        )


@hooks.register("construct_homepage_panels")
def telegram_warning(request, panels) -> None:
    if not conf.telegram_enabled():
        panels.append(TelegramWarningPanel())
